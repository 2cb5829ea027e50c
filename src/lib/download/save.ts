// Saves a Blob made in the page as a file. A blob: URL on a link with `download`: the site's
// Content-Security-Policy allows it (no data leaves the page, no inline script runs).

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; let it go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
