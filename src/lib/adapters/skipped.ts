/** Rows an adapter leaves out, counted by reason, as the file's report lists them. */
export function skipTally(): { skip: (why: string, rows?: number) => void; lines: () => string[] } {
  const counts = new Map<string, number>();
  return {
    skip: (why, rows = 1) => void counts.set(why, (counts.get(why) ?? 0) + rows),
    lines: () => [...counts].map(([why, n]) => `${why}: ${n} row${n === 1 ? '' : 's'}`),
  };
}
