// npm run demo-data [-- --out DIR]: writes the illustrative demo data as canonical CSVs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toCanonicalCsv } from '../src/lib/contract/write-csv';
import { generateDemo } from './demo/generate';

export function writeDemoCsvs(out = 'data'): string {
  const demo = generateDemo();
  mkdirSync(out, { recursive: true });
  const files = {
    'areas.csv': toCanonicalCsv('areas', demo.areas),
    'populations.csv': toCanonicalCsv('populations', demo.populations),
    'targets.csv': toCanonicalCsv('targets', demo.targets),
    ...Object.fromEntries(
      [...new Set(demo.observations.map((o) => o.metric))].map((m) => [
        `observations-${m.replaceAll('_', '-')}.csv`,
        toCanonicalCsv('observations', demo.observations.filter((o) => o.metric === m)),
      ]),
    ),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(out, name), text);
  return `Demo data: ${demo.areas.length} areas, ${demo.populations.length} population rows, ${demo.observations.length} observations, ${demo.targets.length} targets → ${out}/`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'data' } } });
  console.log(writeDemoCsvs(values.out!));
}
