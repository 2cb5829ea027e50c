// The answers DuckDB gave the latest views, kept as drawn. A reader going back and forth between
// breakdowns or period types (a click each, or the arrow keys through a group of radio buttons,
// faster than the page keeps every series of the view's areas) is answered without a query: at
// national size each such change had waited 40–90 ms for DuckDB's worker.

/**
 * Up to `limit` answers, each under a key of the caller's, for one version of the loaded data at a
 * time (a newer version lets every answer go; an older one finds and keeps nothing).
 */
export function recentAnswers<T>(limit: number) {
  let version = -Infinity;
  const held = new Map<string, T>();
  const at = (v: number) => {
    if (v > version) {
      version = v;
      held.clear();
    }
    return v === version;
  };
  return {
    /** The answer held under `key` for data version `v`, made the latest asked. */
    get(v: number, key: string): T | undefined {
      if (!at(v) || !held.has(key)) return undefined;
      const answer = held.get(key)!;
      held.delete(key);
      held.set(key, answer);
      return answer;
    },
    /** Lets go of every answer of data older than version `v` (when the data change, not at the next ask). */
    forgetBefore(v: number): void {
      at(v);
    },
    /** Holds `answer` under `key` for data version `v`, letting the least recently asked go beyond the limit. */
    set(v: number, key: string, answer: T): void {
      if (!at(v)) return;
      held.delete(key);
      held.set(key, answer);
      while (held.size > limit) held.delete(held.keys().next().value!);
    },
  };
}
