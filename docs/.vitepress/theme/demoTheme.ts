/**
 * Keeps every demo on the page in the docs' colour scheme: VitePress toggles the `dark` class
 * on <html>; the element takes a `theme` attribute, the iframe a `theme` command.
 */
export function docsTheme(): 'dark' | 'light' {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

export function applyTheme(): void {
  const theme = docsTheme();
  for (const el of document.querySelectorAll('dcoscope-demo')) el.setAttribute('theme', theme);
  for (const f of document.querySelectorAll<HTMLIFrameElement>('iframe[data-dcoscope]')) {
    f.contentWindow?.postMessage({ target: 'dcoscope', command: 'theme', theme }, '*');
  }
}

export function followDocsTheme(): void {
  new MutationObserver(applyTheme).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['class'],
  });
  // new demos (a page change) get the theme too
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('dcoscope-demo:not([theme])')) {
      el.setAttribute('theme', docsTheme());
    }
  }).observe(document.body, { childList: true, subtree: true });
}
