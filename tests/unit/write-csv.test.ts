// toCanonicalCsv writes cells by hand for speed: held here to PapaParse's unparse, which wrote the
// files before, byte for byte (the manifest keeps each archived file's SHA-256).
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCanonicalCsv } from '../../src/lib/contract/write-csv';
import { COLUMNS, type Observation, type Area } from '../../src/lib/contract/schema';
import { generateDemo } from '../../pipelines/demo/generate';

const papa = (table: keyof typeof COLUMNS, rows: Record<string, unknown>[]) => {
  const fields = COLUMNS[table].map((c) => c.name);
  return Papa.unparse({ fields, data: rows.map((r) => fields.map((f) => r[f] ?? '')) }, { newline: '\n' }) + '\n';
};

describe('toCanonicalCsv', () => {
  it('quotes, escapes and leaves empty exactly as PapaParse did', () => {
    const texts = ['plain', 'a,b', 'say "hi"', '"', 'line\nbreak', 'cr\rhere', '\uFEFFbom', ' lead', 'trail ', ' ', '', 'mid dle', "=1+2", "'quoted'", 'tab\there', 'é ü 𝔘', '\u00a0nbsp'];
    const numbers = [0, -0, 1.5, -3, 1e21, 1e-7, 123456789012345, Number.NaN, Infinity];
    const rows: Record<string, unknown>[] = [];
    for (const [i, t] of texts.entries()) {
      rows.push({ metric: t, area_code: texts[(i + 3) % texts.length], period_start: '2024-04-01', period_type: 'month', breakdown: t, numerator: numbers[i % numbers.length], denominator: i % 2 ? null : numbers[(i + 1) % numbers.length], published_value: undefined, suppressed: i % 3 === 0, source: t });
    }
    expect(toCanonicalCsv('observations', rows as unknown as Observation[])).toBe(papa('observations', rows));
    const areas = texts.map((t, i) => ({ area_code: `X${i}`, area_name: t, area_type: 'hub', parent_code: i % 2 ? null : t }));
    expect(toCanonicalCsv('areas', areas as unknown as Area[])).toBe(papa('areas', areas));
  });

  it('writes a header alone for no rows, as PapaParse did', () => {
    expect(toCanonicalCsv('targets', [])).toBe(papa('targets', []));
  });

  it('writes the demo data as PapaParse did', () => {
    const demo = generateDemo();
    const rows = demo.observations.slice(0, 20_000);
    expect(toCanonicalCsv('observations', rows)).toBe(papa('observations', rows as unknown as Record<string, unknown>[]));
    expect(toCanonicalCsv('areas', demo.areas)).toBe(papa('areas', demo.areas as unknown as Record<string, unknown>[]));
    expect(toCanonicalCsv('populations', demo.populations)).toBe(papa('populations', demo.populations as unknown as Record<string, unknown>[]));
  }, 60_000);
});
