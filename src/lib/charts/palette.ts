// Colours chosen for contrast on white (WCAG 3:1 for graphics) and for colour-blind readers;
// every series also differs by dash pattern or label, never by colour alone.
export const FOCUS = '#005eb8'; // NHS blue: the area the page is about
export const ENGLAND = '#212b32'; // near black, dashed
export const PARENT = '#6b4e9b'; // purple, dotted: the ICS or place above
export const COMPARE = ['#d55e00', '#007f5f', '#cc3f8f', '#8a6d00', '#0072b2'];
/** A dash pattern for each compared area, unlike the focus line (solid), England's and the parent's. */
export const COMPARE_DASH = ['12 4', '8 3 2 3', '14 3 3 3 3 3', '20 4 6 4', '24 8'];

export interface LineStyle {
  color: string;
  /** SVG stroke-dasharray; undefined for a solid line. */
  dash?: string;
  width: number;
}

/**
 * An entry in a chart's key: a line sample (the default), a filled square for bars, or the chart's
 * own symbol (▲ ◆ ●) in its colour, so each swatch looks like the mark it names.
 */
export interface LegendItem {
  label: string;
  style: LineStyle;
  kind?: 'line' | 'swatch' | 'symbol';
  /** The character drawn for a 'symbol' entry. */
  symbol?: string;
}

export const STYLE = {
  focus: { color: FOCUS, width: 2.5 },
  england: { color: ENGLAND, dash: '6 4', width: 1.75 },
  parent: { color: PARENT, dash: '2 3', width: 2 },
  // Colour and dash step together for the first five, then apart: 25 lines before a pair repeats.
  compare: (i: number): LineStyle => ({
    color: COMPARE[i % COMPARE.length]!,
    dash: COMPARE_DASH[(i + Math.floor(i / COMPARE.length)) % COMPARE_DASH.length],
    width: 2,
  }),
} satisfies Record<string, LineStyle | ((i: number) => LineStyle)>;

/** Targets: a dark purple long dash, unlike any area's line. */
export const TARGET_STYLE: LineStyle = { color: '#330072', dash: '8 3', width: 2 };
