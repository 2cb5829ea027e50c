// An extract handed to writeExtractFiles as pieces is written as their bytes joined, and the
// manifest gives that file's size and SHA-256.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256, writeExtractFiles, type ExtractFile } from '../../pipelines/extracts';
import { TABLE_NAMES, type TableName } from '../../src/lib/contract/schema';
import { tempDir } from '../helpers/temp';

describe('writeExtractFiles', () => {
  it('writes an extract given as pieces (empty ones among them) as the pieces joined, its size and hash those of the file', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251);
    // Pieces that are views into one buffer at odd offsets, and empty ones.
    const parts = [bytes.subarray(0, 3), new Uint8Array(0), bytes.subarray(3, 65_539), bytes.subarray(65_539, 65_540), new Uint8Array(0), bytes.subarray(65_540)];
    const files = Object.fromEntries(TABLE_NAMES.map((name, i): [TableName, ExtractFile] => [name, name === 'observations' ? { parts, rows: 2 } : { parts: [Uint8Array.of(i)], rows: 1 }]));
    const out = path.join(tempDir('bcf-parts-'), 'extracts');
    const manifest = writeExtractFiles(out, files as Record<TableName, ExtractFile>, { illustrative: false, sources: [], revisions: [], periods: {}, breakdowns: {} });
    const written = readFileSync(path.join(out, 'observations.arrow'));
    expect(Buffer.compare(written, bytes)).toBe(0);
    expect(manifest.extracts.observations).toEqual({ file: 'observations.arrow', rows: 2, bytes: 70_000, sha256: sha256(bytes) });
    expect([...readFileSync(path.join(out, 'areas.arrow'))]).toEqual([TABLE_NAMES.indexOf('areas')]);
    expect(manifest.extracts.areas!.sha256).toBe(sha256(Uint8Array.of(TABLE_NAMES.indexOf('areas'))));
  });
});
