import { actionOf, AwsClient, AwsCommand, NotChecked, OutputOf, required, send } from './aws-call';
import { DEFAULT_MAX_PAGES } from './limits';

type ItemOf<V> = NonNullable<V> extends readonly (infer T)[] ? T : never;

/** How to page one list call. */
export interface PageOptions<K extends string> {
  /**
   * The answer's list field, e.g. `Buckets`: every page must have it. (Typed loosely so that TypeScript infers the
   * command from `command`; a name that is not a field of the answer gives items of type `never`, which no caller can use.)
   */
  readonly items: K;
  /** The answer's continuation token field: `ContinuationToken`, `Marker`, `NextToken`. */
  readonly next: string;
  /** @default DEFAULT_MAX_PAGES */
  readonly maxPages?: number;
}

/**
 * Every item of every page of a list call, `command(token)` making each page's request. A page without the list
 * field, a continuation token seen before (the service would loop), or more than `maxPages` pages throw
 * {@link NotChecked}: a list not read to its end proves nothing.
 */
export async function pageAll<C extends AwsCommand, K extends string>(
  client: AwsClient,
  command: (token: string | undefined) => C,
  options: PageOptions<K>,
): Promise<ItemOf<OutputOf<C>[K & keyof OutputOf<C>]>[]> {
  type Item = ItemOf<OutputOf<C>[K & keyof OutputOf<C>]>;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  const all: Item[] = [];
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const request = command(token);
    const action = actionOf(client, request);
    const answer = (await send(client, request)) as Record<string, unknown>;
    all.push(...(required(answer, options.items, action) as Item[]));
    token = answer[options.next] as string | undefined;
    if (!token) return all;
    if (seen.has(token))
      throw new NotChecked(
        'repeated-token',
        `${action} repeated on page ${page} a continuation token it had already given: stopped paging, the list is not complete`,
      );
    if (page >= maxPages) throw new NotChecked('too-many-pages', `${action} had more than ${maxPages} pages: stopped paging, the list is not complete`);
    seen.add(token);
  }
}

/** Maps items with at most `limit` calls in flight, keeping the order of the results. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- this is the limiter: at most `limit` workers
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
