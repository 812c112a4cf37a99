/**
 * Saving a file from the page, for both pages (the visualizer's share menu and the sweeps page):
 * a Blob URL on a temporary <a download>, so no server round trip and nothing a
 * `style-src 'self'` / `script-src 'self'` CSP refuses.
 */

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Text (CSV, JSON, SVG…) as a file named `name` of MIME type `type`. */
export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}
