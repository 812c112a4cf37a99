/** Downloads and the clipboard, CSP-friendly (a Blob URL on a temporary <a download>). */

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
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Copies text; false when the clipboard is unavailable or refused (show it for manual copy). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A file name part from settings: letters, digits, dots and dashes only. */
export function fileStem(variants: readonly string[], seed: number, step: number): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '_');
  return `dcoscope-${variants.map(safe).join('-vs-')}-seed${seed}-step${step}`;
}
