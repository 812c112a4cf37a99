/**
 * Keeps every demo on the page in the docs' colour scheme: VitePress toggles the `dark` class
 * on <html>; the element takes a `theme` attribute, the iframe a `theme` command (and the theme
 * its URL was made with when it appeared, DcoscopeFrame.vue).
 */
export function docsTheme(): 'dark' | 'light' {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

export function applyTheme(): void {
  const theme = docsTheme();
  for (const el of document.querySelectorAll('dcoscope-demo')) {
    if (el.getAttribute('theme') !== theme) el.setAttribute('theme', theme);
  }
  for (const f of document.querySelectorAll<HTMLIFrameElement>('iframe[data-dcoscope]')) {
    f.contentWindow?.postMessage({ target: 'dcoscope', command: 'theme', theme }, '*');
  }
}

/** Follows the toggle from now on. */
export function followDocsTheme(): void {
  new MutationObserver(applyTheme).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['class'],
  });
}
