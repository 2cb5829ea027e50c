/** Shows a cell's text safely inside a message (quoted, shortened, control characters removed). */
export function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}
