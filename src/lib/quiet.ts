// Work a change of view leads to but need not wait for (keeping rows for the next change, writing
// the view into the address) is done once the reader has paused. Started at once, it ran in the
// middle of their next change when they made several in a row (DuckDB's worker busy for 150–220 ms
// at national size; the browser's history written, a few ms to 18 ms on this machine).

/** How long the reader must have changed nothing. */
const QUIET_MS = 300;

/** When the reader last changed an input's value (a place, a radio button, a period, a setting) or the view otherwise. */
let lastChange = -Infinity;
if (typeof window !== 'undefined') {
  for (const type of ['input', 'change']) window.addEventListener(type, () => noteChange(), { capture: true, passive: true });
}

/** The reader changed the view other than through an input (a button, a drag across a chart). */
export function noteChange(): void {
  lastChange = performance.now();
}

/**
 * Calls `job` once QUIET_MS have passed from now and from the reader's last change; a later call
 * with the same `slot` replaces a job not yet done. Returns nothing: `job` checks for itself
 * whether it is still wanted.
 */
export function whenQuiet(slot: { timer?: ReturnType<typeof setTimeout> }, job: () => void): void {
  clearTimeout(slot.timer);
  const once = () => {
    const quiet = performance.now() - lastChange;
    if (quiet < QUIET_MS) slot.timer = setTimeout(once, QUIET_MS - quiet);
    else job();
  };
  slot.timer = setTimeout(once, QUIET_MS);
}
