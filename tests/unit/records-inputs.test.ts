// Record-level aggregates handed to the ingest before where their rows went has been counted: a
// failure of that count must reach whoever waits for it, and nothing else (Node ends a process
// at a rejection no one handles, with exit code 1: the command line's "rows refused").
import { afterEach, describe, expect, it } from 'vitest';
import { aggregateInputs } from '../../src/lib/records/inputs';
import type { RecordAggregates } from '../../src/lib/records/aggregate';

describe('aggregateInputs with notes still being counted', () => {
  const unhandled: unknown[] = [];
  const listen = (e: unknown) => void unhandled.push(e);
  afterEach(() => void process.off('unhandledRejection', listen));

  it('leaves a failure of the count for the ingest to meet when it waits, not unhandled meanwhile', async () => {
    process.on('unhandledRejection', listen);
    let fail!: (e: Error) => void;
    const noted = new Promise<void>((_, reject) => (fail = reject));
    // As aggregate.ts hands it on: handled there, for whoever awaits it.
    noted.catch(() => undefined);
    const aggregates: RecordAggregates = { observations: [], hubs: [], notes: new Map([['s.csv', []]]), mapNotes: [], errors: [], noted };
    const [, observations] = aggregateInputs(['s.csv'], aggregates);
    // The ingest merges for a while before it waits for the notes; the count fails meanwhile.
    fail(new Error('Out of Memory Error'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    await expect(observations!.ready).rejects.toThrow('Out of Memory Error');
  });

  it('puts the notes in once they are counted', async () => {
    let done!: () => void;
    const noted = new Promise<void>((resolve) => (done = resolve));
    const notes = new Map<string, string[]>([['s.csv', []]]);
    const [, observations] = aggregateInputs(['s.csv'], { observations: [], hubs: [], notes, mapNotes: [], errors: [], noted });
    notes.get('s.csv')!.push('12 rows read');
    expect(observations!.notes).toEqual([]);
    done();
    await observations!.ready;
    expect(observations!.notes).toEqual(['s.csv: 12 rows read']);
  });
});
