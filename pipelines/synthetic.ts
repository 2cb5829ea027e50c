// Large generated canonical files, for measuring ingest (npm run bench) and for tests that need a
// file big enough to take seconds to load.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A canonical areas file of synthetic hubs and `rows` observation rows over them (Halton as parent). */
export function syntheticFiles(dir: string, rows = 1_000_000) {
  const breakdowns = ['total', 'nhs', 'social_care', 'both'];
  const months = Array.from({ length: 59 }, (_, i) => new Date(Date.UTC(2015, 3 + i, 1)).toISOString().slice(0, 10));
  const hubs = Math.ceil(rows / (breakdowns.length * months.length));
  const code = (i: number) => `BENCH${String(i).padStart(5, '0')}`;
  const areas = ['area_code,area_name,area_type,parent_code', ...Array.from({ length: hubs }, (_, i) => `${code(i)},Benchmark hub ${i + 1},hub,E06000006`)];
  const obs = ['metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed'];
  outer: for (let h = 0; h < hubs; h++) {
    for (const m of months) {
      for (const b of breakdowns) {
        if (obs.length > rows) break outer;
        obs.push(`dtoc,${code(h)},${m},month,${b},${(h * 7 + m.length * 3 + b.length) % 97},25000,,false`);
      }
    }
  }
  const areasFile = path.join(dir, 'bench-areas.csv');
  const obsFile = path.join(dir, 'bench-observations.csv');
  writeFileSync(areasFile, areas.join('\n') + '\n');
  writeFileSync(obsFile, obs.join('\n') + '\n');
  return { areasFile, obsFile, rows: obs.length - 1, firstArea: code(0) };
}
