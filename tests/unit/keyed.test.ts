import { describe, expect, it } from 'vitest';
import { lastByKey } from '../../src/lib/keyed';

describe('lastByKey', () => {
  it('makes a value once while its key holds, and anew when the key changes', () => {
    const last = lastByKey<{ n: number } | null>();
    let made = 0;
    const make = () => ({ n: ++made });
    const first = last('a', make);
    expect(last('a', make)).toBe(first);
    expect(made).toBe(1);
    const second = last('b', make);
    expect(second).toEqual({ n: 2 });
    expect(last('a', make)).toEqual({ n: 3 });
    // Nothing made (null) is kept too, while its key holds.
    expect(last('c', () => null)).toBeNull();
    expect(last('c', make)).toBeNull();
  });
});
