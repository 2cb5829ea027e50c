/**
 * Re-runs `load` whenever what it reads changes, keeping only the latest answer; the previous
 * answer stays on screen until the next arrives, so charts never flash empty. Call during
 * component initialisation. The answer is held as it came (not made deeply reactive): it is
 * replaced whole, never changed in place, and proxying every point of a series made each change
 * of view read thousands of values through proxies. `load` is given a signal, aborted once its
 * answer is no longer wanted, so that a question not yet sent (waiting for the engine) is never sent.
 */
export function asyncDerived<T>(load: (signal: AbortSignal) => Promise<T> | null): { readonly value: T | null; readonly error: string | null } {
  let value = $state.raw<T | null>(null);
  let error = $state<string | null>(null);
  // Before the DOM is updated for the change that asked it: the question leaves for the worker
  // first, and the worker answers while the page updates.
  $effect.pre(() => {
    const asking = new AbortController();
    const pending = load(asking.signal);
    if (!pending) return;
    let current = true;
    pending.then(
      (v) => {
        if (!current) return;
        value = v;
        error = null;
      },
      (e: unknown) => {
        if (current) error = e instanceof Error ? e.message : String(e);
      },
    );
    return () => {
      current = false;
      asking.abort();
    };
  });
  return {
    get value() {
      return value;
    },
    get error() {
      return error;
    },
  };
}
