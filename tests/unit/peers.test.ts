import { describe, expect, it } from 'vitest';
import { ordinal, peerPosition, peerPositionText } from '../../src/lib/metrics/peers';

// ASCOF 2A(2) 2020-21, permanent admissions to care homes 65+ per 100,000 (NHS Digital), for
// the nine places of Cheshire and Merseyside.
const CHESHIRE_AND_MERSEYSIDE = [
  { code: 'Cheshire East', value: 500.3 }, { code: 'Cheshire West and Chester', value: 392.4 }, { code: 'Halton', value: 141.0 },
  { code: 'Knowsley', value: 749.5 }, { code: 'Liverpool', value: 719.5 }, { code: 'Sefton', value: 661.4 },
  { code: 'St. Helens', value: 683.3 }, { code: 'Warrington', value: 446.9 }, { code: 'Wirral', value: 680.3 },
];
// The ten places of Greater Manchester, the same year.
const GREATER_MANCHESTER = [
  { code: 'Bolton', value: 805.1 }, { code: 'Bury', value: 644.7 }, { code: 'Manchester', value: 1402.3 }, { code: 'Oldham', value: 692.4 },
  { code: 'Rochdale', value: 658.1 }, { code: 'Salford', value: 1100.3 }, { code: 'Stockport', value: 1367.7 }, { code: 'Tameside', value: 620.4 },
  { code: 'Trafford', value: 639.4 }, { code: 'Wigan', value: 376.9 },
];
const words = (peers: { code: string; value: number | null }[], code: string) => peerPositionText(peerPosition(peers, code)!);

describe('where a place sits among its peers', () => {
  it('counts from the nearer end: Halton lowest, Warrington 3rd lowest, Knowsley highest, Wirral 4th highest', () => {
    expect(peerPosition(CHESHIRE_AND_MERSEYSIDE, 'Halton')).toEqual({ rank: 1, end: 'lowest', of: 9, tied: false, quartile: 1 });
    expect(words(CHESHIRE_AND_MERSEYSIDE, 'Halton')).toBe('Lowest of 9');
    // 141.0 < 392.4 < 446.9: two below it.
    expect(words(CHESHIRE_AND_MERSEYSIDE, 'Warrington')).toBe('3rd lowest of 9');
    expect(words(CHESHIRE_AND_MERSEYSIDE, 'Knowsley')).toBe('Highest of 9');
    // Above Wirral's 680.3: St. Helens, Liverpool, Knowsley.
    expect(words(CHESHIRE_AND_MERSEYSIDE, 'Wirral')).toBe('4th highest of 9');
    // The middle of nine (5th from either end) is said from the lowest.
    expect(words(CHESHIRE_AND_MERSEYSIDE, 'Sefton')).toBe('5th lowest of 9');
  });

  it('places Manchester\'s 1,402.3 highest of the 19 places of the two ICSs, and Halton lowest', () => {
    const both = [...CHESHIRE_AND_MERSEYSIDE, ...GREATER_MANCHESTER];
    expect(words(both, 'Manchester')).toBe('Highest of 19');
    expect(words(both, 'Stockport')).toBe('2nd highest of 19');
    expect(words(both, 'Halton')).toBe('Lowest of 19');
  });

  it('leaves out peers without a value (suppressed), and says nothing when there is nobody to compare with', () => {
    const someHidden = CHESHIRE_AND_MERSEYSIDE.map((p) => (p.code === 'Halton' || p.code === 'Cheshire West and Chester' ? { ...p, value: null } : p));
    expect(words(someHidden, 'Warrington')).toBe('Lowest of 7');
    expect(peerPosition(someHidden, 'Halton')).toBeNull();
    expect(peerPosition([{ code: 'Halton', value: 141 }, { code: 'Knowsley', value: null }], 'Halton')).toBeNull();
    expect(peerPosition(CHESHIRE_AND_MERSEYSIDE, 'Manchester')).toBeNull();
  });

  it('says "joint" when another peer has the same value', () => {
    const tied = [{ code: 'A', value: 10 }, { code: 'B', value: 20 }, { code: 'C', value: 20 }, { code: 'D', value: 30 }, { code: 'E', value: 40 }];
    expect(words(tied, 'B')).toBe('Joint 2nd lowest of 5');
    const allSame = [{ code: 'A', value: 5 }, { code: 'B', value: 5 }];
    expect(words(allSame, 'A')).toBe('Joint lowest of 2');
  });

  it('says the quarter instead of a rank among more than 20 peers', () => {
    const councils = Array.from({ length: 152 }, (_, i) => ({ code: `c${i}`, value: i + 1 }));
    // Value 1 of 152: lowest quarter; 38 values below 39 is exactly a quarter, so 39 starts the second.
    expect(words(councils, 'c0')).toBe('In the lowest quarter of 152');
    expect(words(councils, 'c37')).toBe('In the lowest quarter of 152');
    expect(words(councils, 'c38')).toBe('In the second-lowest quarter of 152');
    expect(words(councils, 'c100')).toBe('In the second-highest quarter of 152');
    expect(words(councils, 'c151')).toBe('In the highest quarter of 152');
  });

  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
  });
});
