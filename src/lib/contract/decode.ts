// Turns a file's bytes into text the way spreadsheets write CSV: UTF-8 (with or without BOM),
// UTF-16 with a BOM ("Unicode text"), or the Windows-1252 of Excel's plain "CSV (Comma delimited)".

export interface Decoded {
  text: string;
  /** Said in the report when it is not plain UTF-8. */
  note: string | null;
}

// Windows-1252's bytes 0x80–0x9F (€ ‘ ’ “ ” – — …). Decoded by hand because Node 20.18+ decodes
// "windows-1252" as Latin-1, turning these into control characters (nodejs/node#60888).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function windows1252(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    text += String.fromCharCode(...chunk.map((b) => b));
  }
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), note: 'read as UTF-16 text' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), note: 'read as UTF-16 text' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), note: null };
  } catch {
    return { text: windows1252(bytes), note: 'not UTF-8: read as Windows-1252, as Excel saves "CSV (Comma delimited)"' };
  }
}
