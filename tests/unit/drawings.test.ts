// A board pack's drawings are held for its HTML and put in where the page left their ids.
import { describe, expect, it } from 'vitest';
import { fillDrawings, holdDrawing, type HeldDrawings } from '../../src/lib/server/drawings';

describe('drawings held for the HTML', () => {
  it('are numbered as held, and each fills the empty element that names it', () => {
    const held: HeldDrawings = new Map();
    expect([holdDrawing(held, '<svg>A</svg>'), holdDrawing(held, '<svg>B</svg>')]).toEqual(['d0', 'd1']);
    const html = '<div data-band="0" data-drawn-width="300" data-drawing="d1"></div><div class="print-drawing" aria-hidden="true" data-drawing="d0"></div>';
    expect(fillDrawings(html, held)).toBe(
      '<div data-band="0" data-drawn-width="300" data-drawing="d1"><svg>B</svg></div><div class="print-drawing" aria-hidden="true" data-drawing="d0"><svg>A</svg></div>',
    );
  });

  it('leave an element alone whose id is not held (d10 is not d1), or that is not empty', () => {
    const held: HeldDrawings = new Map([['d1', '<svg>B</svg>']]);
    const html = '<div data-drawing="d10"></div><p data-drawing="d1">text</p>';
    expect(fillDrawings(html, held)).toBe(html);
  });
});
