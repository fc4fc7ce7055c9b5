/** Stand-ins for AWS SDK v3 command classes, by name: each keeps its input, and its `name` tells a fake client which it is. */
export const commands = (...names: string[]) =>
  Object.fromEntries(
    names.map((name) => [
      name,
      class {
        name = name;
        constructor(public input: Record<string, unknown>) {}
      },
    ]),
  );
