import { IConstruct } from 'constructs';

/** A metadata entry's data and the scope it was declared on. */
export interface FoundMetadata<T> {
  readonly data: T;
  readonly scope: IConstruct;
}

/**
 * The metadata of `type` nearest a construct: its own, else its parent's, up to the app, since what is declared on a
 * scope covers everything beneath it. On one scope the first entry that `matches` wins, or the last with `latest`.
 */
export function nearestMetadata<T>(
  construct: IConstruct,
  type: string,
  options: { readonly matches?: (data: T) => boolean; readonly latest?: boolean } = {},
): FoundMetadata<T> | undefined {
  for (let scope: IConstruct | undefined = construct; scope; scope = scope.node.scope) {
    let found: FoundMetadata<T> | undefined;
    for (const entry of scope.node.metadata) {
      if (entry.type !== type || (options.matches && !options.matches(entry.data as T))) continue;
      found = { data: entry.data as T, scope };
      if (!options.latest) break;
    }
    if (found) return found;
  }
  return undefined;
}
