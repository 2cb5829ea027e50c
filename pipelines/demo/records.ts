// Deterministic record-level demo data for the 19 demo places: hospital spells (SUS+ APC layout)
// and social care events (CLD layout), with a hub map from made-up practices (Z and five digits,
// a prefix no real practice has) to the demo's neighbourhood hubs. Volumes are in proportion to
// each place's population and seasonal; care home admissions, the reablement cohort and its
// share at home after 91 days follow the place's calibration figures (geography.ts).
// tsx pipelines/demo/records.ts [--rows N] [--out DIR]   (default 1,000,000 rows into data/records-demo)
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hubMapCsv, type HubMapRow } from '../../src/lib/records/hub-map';
import { EVENTS, SPELLS } from '../../src/lib/records/layouts';
import { hubCode } from './generate';
import { PLACES, type PlaceSeed } from './geography';
import { seeded, type Random } from './random';

/** Rows a place makes in a year, per person: spells of adults 18-64 and 65+, and social care events of people 65+. */
const SPELLS_PER_ADULT = 0.12;
const SPELLS_PER_OLDER = 0.45;
/** Of spells of people 65+: emergencies, and of those, falls (about 2,100 per 100,000 a year, as nationally). */
const EMERGENCY_SHARE_65 = 0.55;
const FALL_SHARE = 0.085;
const OTHER_EVENTS_PER_OLDER = 0.1;
/** Share discharged on their Discharge Ready Date. */
const ON_READY_DATE = 0.8;
/** Winter pressure: emergency admissions by calendar month (January first). */
const MONTH_SHAPE = [1.14, 1.04, 1.02, 0.97, 0.96, 0.93, 0.95, 0.92, 0.95, 1.0, 1.03, 1.09];
const OLDER_BANDS: [age: number, weight: number][] = [[65, 0.3], [70, 0.27], [75, 0.19], [80, 0.13], [85, 0.07], [90, 0.04]];
/** Falls rise steeply with age. */
const FALL_AGE_FACTOR = [0.4, 0.6, 1.0, 1.7, 2.6, 3.6];
const LAST_FY = 2024;
/** Rows a year that follow the calibration figures (reablement, care home admissions) and so do not scale with the size asked for. */
const CALIBRATED_PER_YEAR = PLACES.reduce((s, p) => s + p.reablementCohort * 4 * (2 + (2 * (1 - p.atHomePct / 100)) / 3) + (p.admissionsRate * p.pop65[1] * 1.1) / 1e5, 0);
const SCALED_PER_YEAR = PLACES.reduce((s, p) => s + p.pop18to64[1] * SPELLS_PER_ADULT + p.pop65[1] * (SPELLS_PER_OLDER + OTHER_EVENTS_PER_OLDER), 0);

const DAY = 86_400_000;
const STMAX = 'Short Term Support: ST-Max';
const RES = 'Long Term Support: Residential Care';
const NURS = 'Long Term Support: Nursing Care';

/** A file written in large pieces: millions of rows without millions of writes. */
function writer(file: string) {
  const fd = openSync(file, 'w');
  let buffer: string[] = [];
  let size = 0;
  let rows = 0;
  const flush = () => {
    writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  return {
    row(line: string) {
      buffer.push(line, '\n');
      size += line.length;
      rows++;
      if (size > 4_000_000) flush();
    },
    close() {
      flush();
      closeSync(fd);
      return rows;
    },
  };
}

interface Practice {
  code: string;
  hub: number;
}

function practicesOf(place: PlaceSeed, index: number): Practice[] {
  const rnd = seeded(`practices:${place.code}`);
  return place.hubs.flatMap((_, h) => Array.from({ length: 3 + Math.floor(rnd.uniform() * 5) }, (_, k) => ({ code: `Z${String(index).padStart(2, '0')}${h}${String(k).padStart(2, '0')}`, hub: h })));
}

export function demoHubMap(): HubMapRow[] {
  return PLACES.flatMap((place, i) =>
    practicesOf(place, i).map((p) => ({ practice_code: p.code, pcn_code: '', hub_code: hubCode(place.code, p.hub), hub_name: place.hubs[p.hub]!, place_code: place.code })),
  );
}

export interface GeneratedRecords {
  spells: string;
  events: string;
  hubMap: string;
  rows: number;
  years: number;
}

/**
 * Writes about `rows` rows (spells and events together) covering as many whole financial years,
 * ending with 2024-25, as that many rows make (at least one).
 */
export function generateRecords(dir: string, rows = 1_000_000): GeneratedRecords {
  mkdirSync(dir, { recursive: true });
  const years = Math.max(1, Math.round(rows / (SCALED_PER_YEAR + CALIBRATED_PER_YEAR)));
  const scale = Math.max(0, rows / years - CALIBRATED_PER_YEAR) / SCALED_PER_YEAR;
  const first = Date.UTC(LAST_FY - years + 1, 3, 1);
  const end = Date.UTC(LAST_FY + 1, 3, 1);
  const iso: string[] = [];
  const dmy: string[] = [];
  for (let t = first - 400 * DAY; t < end + 400 * DAY; t += DAY) {
    const s = new Date(t).toISOString().slice(0, 10);
    iso.push(s);
    dmy.push(`${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`);
  }
  const dayIndex = (t: number) => Math.round((t - (first - 400 * DAY)) / DAY);
  const spells = writer(path.join(dir, 'spells.csv'));
  const events = writer(path.join(dir, 'cld-events.csv'));
  spells.row(SPELLS.fields.map((f) => f.name).join(','));
  // A CLD extract's columns: the fields read, and Event_Outcome, which the dashboard does not read, where the specification has it.
  events.row(EVENTS.fields.flatMap((f) => (f.name === 'Date_of_Death' ? ['Event_Outcome', f.name] : [f.name])).join(','));

  PLACES.forEach((place, index) => {
    const rnd = seeded(`records:${place.code}`);
    const practices = practicesOf(place, index);
    const next = practicesOf(PLACES[(index + 1) % PLACES.length]!, (index + 1) % PLACES.length);
    const older = place.pop65[1];
    const adults = place.pop18to64[1];
    // A person's practice: 2% missing, 1% not in the hub map, 1% in the next place, the rest one of the place's.
    const practiceOf = (person: number) => {
      const u = ((person * 2654435761) >>> 0) / 4294967296;
      if (u < 0.02) return '';
      if (u < 0.03) return 'Z99999';
      if (u < 0.04) return next[person % next.length]!.code;
      return practices[person % practices.length]!.code;
    };
    const id = (person: number) => `${place.code.slice(-4)}${(person * 40503 + 12345).toString(16).padStart(8, '0')}`;
    const birth = (person: number, age: number, t: number) => `${new Date(t).getUTCFullYear() - age},${1 + (person % 12)}`;
    const olderAge = (r: Random, weights = OLDER_BANDS.map((b) => b[1])) => {
      let u = r.uniform() * weights.reduce((a, b) => a + b, 0);
      let band = 0;
      while (band < weights.length - 1 && (u -= weights[band]!) > 0) band++;
      return OLDER_BANDS[band]![0] + Math.floor(r.uniform() * (band === 5 ? 10 : 5));
    };
    const fallWeights = OLDER_BANDS.map((b, i) => b[1] * FALL_AGE_FACTOR[i]!);
    const spell = (person: number, age: number, admit: number, emergency: boolean, diagnosis: string, cause: string, stay: number) => {
      const a = dayIndex(admit);
      const d = a + stay;
      const delay = rnd.uniform() < ON_READY_DATE ? 0 : 1 + Math.floor(-Math.log(1 - rnd.uniform()) * (age >= 65 ? 5 : 2));
      const ready = Math.max(a, d - delay);
      const method = emergency ? (rnd.uniform() < 0.8 ? '21' : '22') : '11';
      // An extract of the spells admitted in its years: a readmission after them is not in it.
      if (admit < end) spells.row(`${id(person)},${age},${place.code},${practiceOf(person)},${iso[a]},${method},${iso[d]},${iso[ready]},19,${diagnosis},${cause}`);
      return first - 400 * DAY + d * DAY;
    };
    // An extract of the events begun in its years, as the spells.
    const event = (person: number, age: number, at: number, type: string, service: string, start: number, endDay: number | null, outcome: string, death = '') => {
      if (start < end) events.row(`${place.code},${id(person)},${practiceOf(person)},${birth(person, age, at)},Service User,${type},${service},${dmy[dayIndex(start)]},${endDay === null ? '' : dmy[dayIndex(endDay)]},${outcome},${death}`);
    };

    // Older people are drawn from a pool the size of the place's 65+ population; new care home and
    // reablement clients get people of their own, so their histories are theirs alone.
    const anyOlder = () => Math.floor(rnd.uniform() * older * 0.9);
    let own = Math.floor(older * 0.9);
    const newOlder = () => own++;
    const anyAdult = () => older + Math.floor(rnd.uniform() * adults);

    for (let month = 0; month < years * 12; month++) {
      const start = Date.UTC(LAST_FY - years + 1, 3 + month, 1);
      const days = (Date.UTC(LAST_FY - years + 1, 4 + month, 1) - start) / DAY;
      const season = MONTH_SHAPE[new Date(start).getUTCMonth()]!;
      const day = () => start + Math.floor(rnd.uniform() * days) * DAY;
      // Hospital spells: older people (emergency, some of them falls; and planned), adults 18-64.
      const olderSpells = rnd.poisson((older * SPELLS_PER_OLDER * scale * season) / 12);
      for (let i = 0; i < olderSpells; i++) {
        const emergency = rnd.uniform() < EMERGENCY_SHARE_65;
        const fall = emergency && rnd.uniform() < FALL_SHARE;
        const age = fall ? olderAge(rnd, fallWeights) : olderAge(rnd);
        spell(anyOlder(), age, day(), emergency, fall ? 'S720' : 'I500', fall ? 'W199' : '', 1 + Math.floor(-Math.log(1 - rnd.uniform()) * 8));
      }
      const adultSpells = rnd.poisson((adults * SPELLS_PER_ADULT * scale * season) / 12);
      for (let i = 0; i < adultSpells; i++) spell(anyAdult(), 18 + Math.floor(rnd.uniform() * 47), day(), rnd.uniform() < 0.4, 'K359', '', Math.floor(-Math.log(1 - rnd.uniform()) * 3));

      // Social care: reviews, assessments and community services of older people.
      const others = rnd.poisson((older * OTHER_EVENTS_PER_OLDER * scale) / 12);
      for (let i = 0; i < others; i++) {
        const t = day();
        const kind = rnd.uniform();
        if (kind < 0.4) event(anyOlder(), olderAge(rnd), t, 'Review', '', t, t, 'No change in package');
        else if (kind < 0.7) event(anyOlder(), olderAge(rnd), t, 'Assessment', '', t, t + 14 * DAY, 'Progress to Support Planning / Services');
        else event(anyOlder(), olderAge(rnd), t, 'Service', 'Long Term Support: Community', t, null, 'Provision of service');
      }

      // New care home admissions at the place's ASCOF 2A(2) rate (less those that follow reablement,
      // below), a tenth moving from residential to nursing care later.
      const afterReablement = ((place.reablementCohort / 3) * (1 - place.atHomePct / 100)) / 3;
      const admissions = rnd.poisson(Math.max(0, (older * place.admissionsRate * season) / 1e5 / 12 - afterReablement));
      for (let i = 0; i < admissions; i++) {
        const person = newOlder();
        const t = day();
        const age = olderAge(rnd);
        if (rnd.uniform() < 0.1) {
          const move = t + (30 + Math.floor(rnd.uniform() * 200)) * DAY;
          event(person, age, t, 'Service', RES, t, move - DAY, 'Progress to Re-assessment / Unplanned Review');
          event(person, age, t, 'Service', NURS, move, null, 'Provision of service');
        } else event(person, age, t, 'Service', rnd.uniform() < 0.6 ? RES : NURS, t, null, 'Provision of service');
      }

      // Discharges into reablement: the place's October-December cohort size, the same each month;
      // at home on day 91 at the place's ASCOF 2B(1) rate, otherwise dead, back in hospital or in a care home.
      const reablement = rnd.poisson(place.reablementCohort / 3);
      for (let i = 0; i < reablement; i++) {
        const person = newOlder();
        const age = olderAge(rnd);
        const stay = 2 + Math.floor(rnd.uniform() * 15);
        const discharged = spell(person, age, day(), true, 'I500', '', stay);
        const reable = discharged + Math.floor(rnd.uniform() * 3) * DAY;
        const day91 = discharged + 91 * DAY;
        const u = rnd.uniform();
        const home = u < place.atHomePct / 100;
        const why = home ? -1 : Math.floor(rnd.uniform() * 3);
        event(person, age, reable, 'Service', STMAX, reable, reable + 28 * DAY, home ? 'Service ended as planned' : 'Progress to Support Planning / Services', why === 0 ? dmy[dayIndex(discharged + (20 + Math.floor(rnd.uniform() * 60)) * DAY)] : '');
        if (why === 1) spell(person, age, day91 - 5 * DAY, true, 'J189', '', 12);
        if (why === 2) event(person, age, reable, 'Service', NURS, discharged + 60 * DAY, null, 'Provision of service');
      }
    }
  });
  const written = { spells: spells.close(), events: events.close() };
  const hubMap = path.join(dir, 'hub-map.csv');
  const fd = openSync(hubMap, 'w');
  writeSync(fd, hubMapCsv(demoHubMap()));
  closeSync(fd);
  return { spells: path.join(dir, 'spells.csv'), events: path.join(dir, 'cld-events.csv'), hubMap, rows: written.spells + written.events - 2, years };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, out: { type: 'string', default: 'data/records-demo' } } });
  const t0 = performance.now();
  const r = generateRecords(values.out!, Number(values.rows));
  console.log(`Wrote ${r.rows.toLocaleString('en-GB')} rows (${r.years} financial year(s) to 2024-25) to ${values.out}/ in ${Math.round(performance.now() - t0)} ms: spells.csv, cld-events.csv, hub-map.csv`);
}
