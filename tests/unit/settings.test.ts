import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTables } from '../../src/lib/contract/canonical';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/lib/contract/settings';
import { writeExtracts } from '../../pipelines/extracts';
import { startingPoint } from '../../pipelines/ingest';
import { tempDir } from '../helpers/temp';

describe('data/settings.json', () => {
  it('takes the project’s own file, and fills what a file leaves out with the defaults', () => {
    expect(parseSettings(readFileSync('data/settings.json', 'utf8')).data_set).toBe('demo');
    expect(parseSettings('{"title": "  Wirral Place board  ", "data_set": "own"}')).toEqual({ ...DEFAULT_SETTINGS, title: 'Wirral Place board', data_set: 'own' });
  });

  it.each([
    ['{"title": ', /^data\/settings\.json: not valid JSON/],
    ['[]', 'data/settings.json: expected an object of settings, e.g. {"title": "…"}'],
    ['{"threshold": 5}', 'data/settings.json: unknown setting "threshold" (known: title, home_area, data_set, suppression_threshold, contact, embedded_metrics)'],
    ['{"embedded_metrics": "dtoc"}', 'data/settings.json: "embedded_metrics" must be a list of metric ids, e.g. ["dtoc", "ascof_2b1"], not "dtoc"'],
    ['{"data_set": "real"}', 'data/settings.json: "data_set" must be one of "demo", "own", not "real"'],
    ['{"suppression_threshold": 2.5}', 'data/settings.json: "suppression_threshold" must be a whole number from 0 to 100, not 2.5'],
    ['{"home_area": "e06000006"}', 'data/settings.json: "home_area" must be an ONS area code such as "E06000006", not "e06000006"'],
    ['{"contact": {"name": "Team"}}', 'data/settings.json: "contact" must be an object with a "name" and an "email" address, not {"name":"Team"}'],
    ['{"title": ""}', 'data/settings.json: "title" must be text of 1 to 120 characters, not ""'],
  ])('refuses %s, saying which setting and what it must be', (text, message) => {
    expect(() => parseSettings(text)).toThrow(message);
  });
});

describe('where npm run ingest starts, by the data set chosen', () => {
  const folder = (illustrative: boolean) => {
    const dir = path.join(tempDir('bcf-start-'), 'extracts');
    writeExtracts(dir, emptyTables(), { illustrative, sources: [], revisions: [] });
    return dir;
  };

  it('sets the demo aside the first time the team’s own files come in, and says so', () => {
    const out = folder(true);
    expect(startingPoint(['mine.csv'], out, 'own', false)).toEqual({
      inputs: ['mine.csv'], fresh: true, illustrative: false,
      note: `${out}/ held the illustrative demo: it is set aside, and these files start your own extracts.`,
    });
    expect(startingPoint(['more.csv'], folder(false), 'own', false)).toMatchObject({ fresh: false, illustrative: false, note: null });
  });

  it('with the team’s own data, asks for files rather than rebuilding anything', () => {
    expect(() => startingPoint([], folder(false), 'own', false)).toThrow('data/settings.json chooses your own data: name the files to ingest');
  });

  it('with the demo, marks added files illustrative and says they join the demo', () => {
    const start = startingPoint(['mine.csv'], folder(true), 'demo', false);
    expect(start).toMatchObject({ inputs: ['mine.csv'], fresh: false, illustrative: true });
    expect(start.note).toMatch(/join the illustrative demo/);
    expect(startingPoint([], folder(true), 'demo', false)).toMatchObject({ fresh: true, illustrative: true });
  });
});
