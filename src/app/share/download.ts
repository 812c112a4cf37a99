/**
 * The clipboard and file names of the share menu. Saving files: `downloadBlob` / `downloadText`
 * in views/download.ts (shared with the sweeps page).
 */

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
