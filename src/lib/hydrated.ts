/**
 * Whether the page's script has taken over the HTML the build rendered (set by the root layout once
 * mounted). A component made during that takeover must draw what the build drew; one made later (a
 * change of view, another page) need not, and can skip work the build did for readers without
 * JavaScript.
 */
export const hydration = { done: false };
