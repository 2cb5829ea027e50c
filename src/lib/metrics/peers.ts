// Where an area's value sits among its peers' in the same period, in words a board member reads
// without a chart: "3rd lowest of 9" (among the places in Cheshire and Merseyside ICB), so 1,402
// is seen to be high (or low) at a glance.

export interface PeerPosition {
  /** Counted from the nearer end: 1 is the lowest (or the highest). */
  rank: number;
  end: 'lowest' | 'highest';
  /** Peers with a value, the area included. */
  of: number;
  /** Another peer has exactly the same value. */
  tied: boolean;
  /** 1 for the lowest quarter of values … 4 for the highest. */
  quartile: 1 | 2 | 3 | 4;
}

/** Above this many peers a rank is hard to take in, and the quarter is said instead. */
const MOST_RANKED = 20;

/**
 * The position of `code` among `peers` (it included). Peers without a value (suppressed, or no
 * figure for the period) are left out and not counted. Null when the area has no value or no
 * other peer has one: there is nothing to place it among.
 */
export function peerPosition(peers: readonly { code: string; value: number | null }[], code: string): PeerPosition | null {
  const own = peers.find((p) => p.code === code)?.value;
  const values = peers.map((p) => p.value).filter((v): v is number => v != null && Number.isFinite(v));
  if (own == null || !Number.isFinite(own) || values.length < 2) return null;
  const fromLow = 1 + values.filter((v) => v < own).length;
  const fromHigh = 1 + values.filter((v) => v > own).length;
  const tied = values.filter((v) => v === own).length > 1;
  const quartile = Math.min(4, Math.floor(((fromLow - 1) / values.length) * 4) + 1) as PeerPosition['quartile'];
  return fromLow <= fromHigh
    ? { rank: fromLow, end: 'lowest', of: values.length, tied, quartile }
    : { rank: fromHigh, end: 'highest', of: values.length, tied, quartile };
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

const QUARTER = ['lowest quarter', 'second-lowest quarter', 'second-highest quarter', 'highest quarter'];

/**
 * The position in a few words, to follow a label naming the peers (so it fits a card's line at
 * 320 px): "3rd lowest of 9", "Joint highest of 5", "In the lowest quarter of 152".
 */
export function peerPositionText(p: PeerPosition): string {
  if (p.of > MOST_RANKED) return `In the ${QUARTER[p.quartile - 1]} of ${p.of}`;
  const joint = p.tied ? 'joint ' : '';
  const place = p.rank === 1 ? `${joint}${p.end}` : `${joint}${ordinal(p.rank)} ${p.end}`;
  return `${place[0]!.toUpperCase()}${place.slice(1)} of ${p.of}`;
}
