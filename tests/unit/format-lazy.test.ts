// The formatters are made at their first use, not as their modules load: npm run ingest loads
// both modules and formats nothing with them, and ICU's first formatters took 11-16 ms of its start.
import { describe, expect, it, vi } from 'vitest';

describe('number and month formatters', () => {
  it('are not made as their modules load, and format as before once asked', async () => {
    const { NumberFormat, DateTimeFormat } = Intl;
    const made = { numbers: 0, dates: 0 };
    // Counting constructors in their place while the modules load afresh and format.
    Intl.NumberFormat = class extends NumberFormat {
      constructor(...args: ConstructorParameters<typeof NumberFormat>) {
        super(...args);
        made.numbers++;
      }
    } as typeof NumberFormat;
    Intl.DateTimeFormat = class extends DateTimeFormat {
      constructor(...args: ConstructorParameters<typeof DateTimeFormat>) {
        super(...args);
        made.dates++;
      }
    } as typeof DateTimeFormat;
    try {
      vi.resetModules();
      const format = await import('../../src/lib/format');
      const reference = await import('../../src/lib/geography/reference');
      expect(made).toEqual({ numbers: 0, dates: 0 });
      expect(format.formatValue({ multiplier: 100 }, 12.345)).toBe('12.3%');
      expect(format.formatCount(1234567)).toBe('1,234,567');
      expect(format.formatChange({ multiplier: 100 }, -0.26)).toBe('0.3 percentage points');
      expect(reference.firstMonth('2020-03-01')).toBe('March 2020');
      // Each made once, however often asked.
      format.formatCount(1);
      reference.firstMonth('2021-04-01');
      expect(made).toEqual({ numbers: 2, dates: 1 });
    } finally {
      Intl.NumberFormat = NumberFormat;
      Intl.DateTimeFormat = DateTimeFormat;
    }
  });
});
