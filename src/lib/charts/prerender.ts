// A chart drawn at build time is an SVG that scales to its box, and its text scales with it. So
// that the text stays readable at every width without JavaScript, the build draws the chart at a
// few widths and the page shows the one drawn for its box's width (a CSS container query).
import { CHART_TEXT } from './text';

/** The text size (px) a reader sees, kept within these at every width from the narrowest up. */
export const TEXT_RANGE = { min: CHART_TEXT, max: CHART_TEXT + 3 } as const;
/** The narrowest box a chart is drawn for (a 320 px phone less the page's padding). */
const NARROWEST = 280;
/** Above this the prerendered chart stops growing, so its text stops at the largest size. */
export const WIDEST = 1360;

export interface Band {
  /** The width the chart is drawn at. */
  drawn: number;
  /** The box widths it is shown in: from `from` (inclusive) up to `to` (exclusive; null for no end). */
  from: number;
  to: number | null;
}

/**
 * The widths to draw at, each shown where its text comes out between TEXT_RANGE.min and .max: drawn
 * at d and shown in a box of c px, the text is CHART_TEXT × c / d px. A little inside the limits, so
 * rounding never takes it over. `widest`: the widest box the page gives the chart (the board pack's
 * column is narrower than an embed's frame can be, so it needs fewer drawings).
 */
export function prerenderBands(widest = WIDEST): Band[] {
  const [low, high] = [(TEXT_RANGE.min + 0.05) / CHART_TEXT, (TEXT_RANGE.max - 0.05) / CHART_TEXT];
  const bands: Band[] = [];
  for (let from = NARROWEST; from < widest; ) {
    const drawn = Math.ceil(from / low);
    const to = Math.min(widest, Math.floor(drawn * high));
    bands.push({ drawn, from, to });
    from = to;
  }
  bands[0]!.from = 0;
  bands.at(-1)!.to = null;
  return bands;
}

export interface Prerendered {
  band: Band;
  svg: string;
}

/** The chart drawn at each band's width (render: a Plot to SVG text at a width). */
export const prerenderAt = (render: (width: number) => string, bands = prerenderBands()): Prerendered[] => bands.map((band) => ({ band, svg: render(band.drawn) }));

/** The container queries that show, inside `.prerendered`, only the drawing meant for its width. */
export function prerenderCss(bands: Band[]): string {
  const rules = bands.map((band, i) => {
    const when = [band.from > 0 ? `(width >= ${band.from}px)` : '', band.to != null ? `(width < ${band.to}px)` : ''].filter(Boolean).join(' and ');
    return `@container prerendered ${when} { .prerendered > [data-band="${i}"] { display: block; } }`;
  });
  return [`.prerendered { container: prerendered / inline-size; max-width: ${WIDEST}px; }`, '.prerendered > [data-band] { display: none; }', ...rules].join('\n');
}
