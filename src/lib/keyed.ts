/**
 * The value last made, made again only when its key changes. For a page's view drawn from the
 * build's figures: DuckDB's areas and definitions arrive (new objects for the same places and
 * metrics) before its own figures do, and a view made anew from them drew every chart once more
 * from the same numbers.
 */
export function lastByKey<T>(): (key: string, make: () => T) => T {
  let last: { key: string; value: T } | null = null;
  return (key, make) => {
    if (last?.key !== key) last = { key, value: make() };
    return last.value;
  };
}
