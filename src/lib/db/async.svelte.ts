/**
 * Re-runs `load` whenever what it reads changes, keeping only the latest answer; the previous
 * answer stays on screen until the next arrives, so charts never flash empty. Call during
 * component initialisation.
 */
export function asyncDerived<T>(load: () => Promise<T> | null): { readonly value: T | null; readonly error: string | null } {
  const state = $state<{ value: T | null; error: string | null }>({ value: null, error: null });
  $effect(() => {
    const pending = load();
    if (!pending) return;
    let current = true;
    pending.then(
      (value) => {
        if (current) Object.assign(state, { value, error: null });
      },
      (e: unknown) => {
        if (current) state.error = e instanceof Error ? e.message : String(e);
      },
    );
    return () => {
      current = false;
    };
  });
  return state;
}
