/**
 * The page's stylesheets rewritten for a shadow root: what the page puts on <html> and <body>
 * goes on the element's own root box, and :host resets everything the host page would pass
 * down by inheritance. Pure: strings in, string out.
 */
export const SHADOW_ROOT_CLASS = 'dcoscope-root';

/** Rewrites `:root` and `body` selectors to the element's root box. */
export function scopeCss(css: string): string {
  return css
    .replace(/:root/g, `.${SHADOW_ROOT_CLASS}`)
    .replace(/(^|[\s,}])body(?=\s*[{,])/g, `$1.${SHADOW_ROOT_CLASS}`);
}

/** The host box: nothing inherited from the page, a block that sizes like a div. */
export const HOST_CSS = `:host { all: initial; display: block; contain: content; }
:host([hidden]) { display: none; }
.${SHADOW_ROOT_CLASS} { display: block; min-height: 100%; }`;
