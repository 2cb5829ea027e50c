// Turns a file's bytes into text the way spreadsheets write CSV: UTF-8 (with or without BOM),
// UTF-16 with a BOM ("Unicode text"), or the Windows-1252 of Excel's plain "CSV (Comma delimited)".

export interface Decoded {
  text: string;
  /** Said in the report when it is not plain UTF-8. */
  note: string | null;
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), note: 'read as UTF-16 text' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), note: 'read as UTF-16 text' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), note: null };
  } catch {
    // Not valid UTF-8: Excel's "CSV (Comma delimited)" writes Windows-1252 (é, £, –).
    return { text: new TextDecoder('windows-1252').decode(bytes), note: 'not UTF-8: read as Windows-1252, as Excel saves "CSV (Comma delimited)"' };
  }
}
