// Large generated canonical files, for measuring ingest (npm run bench) and for tests that need a
// file big enough to take seconds to load.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { COUNCILS } from '../src/lib/geography/councils';
import { ICBS } from '../src/lib/geography/icbs';
import { ENGLAND_CODE, REGIONS } from '../src/lib/geography/regions';
import { metricsFromRows } from '../src/lib/definitions/parse';
import { builtinDefinitions } from './definitions';
import { seeded } from './demo/random';

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

/**
 * A national-size extract for the benchmark (`npm run bench`): every English council in use today
 * as a place under its ICB, region and England, four neighbourhood hubs each, every DToC month of
 * the collection (April 2011 – February 2020) with every breakdown (responsible organisation and
 * reason), and the ASCOF metrics by quarter and year. Counts are drawn per hub (seeded, so every run
 * writes the same files) and summed upwards, as the demo's are. About 1.2 million observations.
 */
export function nationalSyntheticFiles(dir: string): { files: string[]; rows: number; home: string } {
  const hubsPer = 4;
  const councils = COUNCILS.filter((c) => !c.until);
  const icbs = new Set(councils.map((c) => c.icb));
  const areas = [
    'area_code,area_name,area_type,parent_code',
    `${ENGLAND_CODE},England,england,`,
    ...REGIONS.map((r) => `${r.code},${r.name},region,${ENGLAND_CODE}`),
    ...ICBS.filter((i) => icbs.has(i.code)).map((i) => `${i.code},"${i.name}",icb,${i.region}`),
    ...councils.flatMap((c) => [
      `${c.code},"${c.name}",place,${c.icb}`,
      ...Array.from({ length: hubsPer }, (_, h) => `${c.code}-N${h + 1},"${c.name} hub ${h + 1}",hub,${c.code}`),
    ]),
  ];
  const months = Array.from({ length: 107 }, (_, i) => new Date(Date.UTC(2011, 3 + i, 1)).toISOString().slice(0, 10));
  const years = Array.from({ length: 10 }, (_, i) => 2014 + i);
  const reasons = metricsFromRows(builtinDefinitions()).find((m) => m.id === 'dtoc')!.breakdowns.map((b) => b.id).filter((b) => b.startsWith('reason_'));
  // One row per key; a sum over the areas beneath adds numerators and denominators alike.
  type Key = string;
  const sums = new Map<string, Map<Key, [number, number]>>();
  const add = (area: string, key: Key, n: number, d: number) => {
    const rows = sums.get(area) ?? sums.set(area, new Map()).get(area)!;
    const s = rows.get(key);
    if (s) { s[0] += n; s[1] += d; } else rows.set(key, [n, d]);
  };
  const pops: string[] = ['area_code,year,age_band,population'];
  const popSums = new Map<string, number>();
  for (const c of councils) {
    const region = c.region;
    for (let h = 0; h < hubsPer; h++) {
      const hub = `${c.code}-N${h + 1}`;
      const rnd = seeded(`national:${hub}`);
      const adults = Math.round(20_000 + 60_000 * rnd.uniform());
      const older = Math.round(adults * (0.2 + 0.15 * rnd.uniform()));
      const rate = 8 + 12 * rnd.uniform(); // delayed days per day per 100,000 adults
      // A council that began after April 2011 (and continues no older code) has data from then on.
      const began = c.from && !c.continues ? c.from : '';
      const up = (key: Key, n: number, d: number) => {
        if (key.split(',')[1]! >= began) [hub, c.code, c.icb, region, ENGLAND_CODE].forEach((a) => add(a, key, n, d));
      };
      for (const month of months) {
        const total = rnd.poisson((rate * adults * 30) / 100_000);
        const nhs = rnd.binomial(total, 0.6);
        const socialCare = rnd.binomial(total - nhs, 0.75);
        const parts: [string, number][] = [['total', total], ['nhs', nhs], ['social_care', socialCare], ['both', total - nhs - socialCare]];
        let left = total;
        reasons.forEach((r, i) => {
          const n = i === reasons.length - 1 ? left : rnd.binomial(left, 1 / (reasons.length - i));
          left -= n;
          parts.push([r, n]);
        });
        for (const [b, n] of parts) up(`dtoc,${month},month,${b}`, n, adults);
      }
      for (const y of years) {
        let yearly = 0;
        for (let q = 0; q < 4; q++) {
          const n = rnd.poisson((600 * older) / 100_000 / 4);
          yearly += n;
          up(`ascof_2a2,${new Date(Date.UTC(y, 3 + 3 * q, 1)).toISOString().slice(0, 10)},quarter,total`, n, older);
        }
        up(`ascof_2a2,${y}-04-01,financial_year,total`, yearly, older);
        const cohort = rnd.poisson(older * 0.01);
        up(`ascof_2b1,${y}-04-01,financial_year,total`, rnd.binomial(cohort, 0.82), cohort);
        for (const [band, p] of [['18+', adults], ['65+', older], ['18-64', adults - older]] as const) {
          for (const a of [hub, c.code, c.icb, region, ENGLAND_CODE]) popSums.set(`${a},${y},${band}`, (popSums.get(`${a},${y},${band}`) ?? 0) + p);
        }
      }
    }
  }
  for (const [k, p] of popSums) pops.push(`${k},${p}`);
  const obsFile = path.join(dir, 'national-observations.csv');
  const obs = ['metric,area_code,period_start,period_type,breakdown,numerator,denominator,published_value,suppressed'];
  let rows = 0;
  for (const [area, keyed] of sums) {
    // The bench's publication sums ICBs itself, as a real one does; an ICB row would be a second source.
    if (icbs.has(area)) continue;
    for (const [key, [n, d]] of keyed) {
      const [metric, start, type, breakdown] = key.split(',');
      obs.push(`${metric},${area},${start},${type},${breakdown},${n},${d},,false`);
      rows++;
    }
  }
  const files = [path.join(dir, 'national-areas.csv'), path.join(dir, 'national-populations.csv'), obsFile];
  writeFileSync(files[0]!, areas.join('\n') + '\n');
  writeFileSync(files[1]!, pops.join('\n') + '\n');
  writeFileSync(obsFile, obs.join('\n') + '\n');
  return { files, rows, home: councils.find((c) => c.code === 'E06000006')?.code ?? councils[0]!.code };
}
