/**
 * The command line of a script that takes no options but `--help`: parsed with util.parseArgs, so a mistyped option
 * is refused (exit 2, one line and the usage) instead of being ignored while the script rewrites its file.
 */
import { parseArgs } from 'util';

/** Undefined to go on; otherwise the exit code, with the usage or the refusal already printed. */
export function noOptions(argv: readonly string[], usage: string): number | undefined {
  try {
    const { values } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    if (!values.help) return undefined;
    console.log(usage);
    return 0;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
}
