// What a chart of an ICB (the sum of its councils) says about councils split between ICBs.
import { describe, expect, it } from 'vitest';
import { icbNote } from '../../src/lib/geography/icb-note';

describe('icbNote', () => {
  it('is empty where no line is an ICB', () => {
    expect(icbNote(['E06000006', 'E92000001'], '2019-04-01')).toBe('');
  });

  it('says a split council under the ICB it is counted in', () => {
    const note = icbNote(['E54000023'], '2023-04-01');
    expect(note).toContain("Suffolk's Waveney area lies in Norfolk and Waveney ICB; the county is counted in Suffolk and North East Essex");
    expect(note).toContain('Essex lies in three ICBs');
  });

  it('says it under an ICB it lies partly in, whose line lacks that part (before, Norfolk and Waveney said nothing of Waveney)', () => {
    expect(icbNote(['E54000022'], '2023-04-01')).toBe(
      " A council split between ICBs is counted in the one holding most of its population. Suffolk's Waveney area lies in Norfolk and Waveney ICB; the county is counted in Suffolk and North East Essex, which holds most of its population.",
    );
    expect(icbNote(['E54000034'], '2023-04-01')).toContain("Hart and Rushmoor districts lie in Frimley ICB");
    expect(icbNote(['E54000034'], '2023-04-01')).toContain('Surrey Heath lies in Frimley ICB');
    expect(icbNote(['E54000054'], '2023-04-01')).toContain("North Yorkshire's Craven area lies in West Yorkshire ICB");
  });

  it("Lancashire and South Cumbria: Cumbria's south before April 2023, Westmorland and Furness's Eden after; a council ended before the chart begins is not said", () => {
    const from2019 = icbNote(['E54000048'], '2019-04-01');
    expect(from2019).toMatch(/^ Before July 2022, when ICBs began, an ICB's line is the sum of the councils that now form it\./);
    expect(from2019).toContain('Cumbria (until March 2023) lay in two ICBs');
    expect(from2019).toContain("Westmorland and Furness's Eden area lies in North East and North Cumbria ICB");
    const from2024 = icbNote(['E54000048'], '2024-04-01');
    expect(from2024).not.toContain('Cumbria (until March 2023)');
    expect(from2024).toContain("Westmorland and Furness's Eden area");
    // North East and North Cumbria's line lacks Eden from April 2023 (counted with Westmorland and Furness).
    expect(icbNote(['E54000050'], '2024-04-01')).toContain("Westmorland and Furness's Eden area");
  });
});
