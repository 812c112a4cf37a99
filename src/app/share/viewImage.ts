/**
 * The current view as one SVG document (the lanes' grids as images, their SVG panels, a text
 * summary of the counts, and the chart), with the page's CSS inside the file in a <style>
 * element (a file, not the page: the page's CSP does not apply), and as PNG.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ViewLaneText {
  title: string;
  lines: string[];
}

export interface ViewImageInput {
  /** The element holding the lanes (`.lanes`), and the chart's element, if any. */
  lanes: Element;
  chart: Element | null;
  title: string;
  subtitle: string;
  laneTexts: ViewLaneText[];
  /** Where the page's CSS comes from (the document, or an element's shadow root). */
  cssRoot: Document | ShadowRoot;
  /** The element whose computed custom properties (--v-*) are the theme's colours. */
  themeElement: Element;
}

export interface ViewImage {
  svg: string;
  width: number;
  height: number;
}

/** Escapes text for XML (element content and attribute values). */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Every CSS rule the page (or shadow root) uses, as text. */
export function cssText(root: Document | ShadowRoot): string {
  const sheets: CSSStyleSheet[] = [...root.styleSheets, ...(root.adoptedStyleSheets ?? [])];
  const out: string[] = [];
  for (const sheet of sheets) {
    try {
      for (const rule of sheet.cssRules) out.push(rule.cssText);
    } catch {
      // a sheet of another origin cannot be read: leave it out
    }
  }
  return out.join('\n');
}

/** `:root` values of the custom properties the CSS names, as computed on `el`. */
export function themeVariables(css: string, el: Element): string {
  const names = new Set(css.match(/--[A-Za-z0-9-]+(?=\s*:)/g) ?? []);
  const style = getComputedStyle(el);
  const decls: string[] = [];
  for (const n of names) {
    const v = style.getPropertyValue(n).trim();
    if (v && !/[<>{}]/.test(v)) decls.push(`${n}: ${v};`);
  }
  return decls.join(' ');
}

/** Assembles the SVG document from its parts (pure: strings in, string out). */
export function assembleSvg(parts: {
  width: number;
  height: number;
  css: string;
  variables: string;
  body: string[];
}): string {
  // A stylesheet inside a file still must not close its own element.
  const css = parts.css.replace(/<\/style/gi, '<\\/style');
  return [
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${parts.width}" height="${parts.height}" viewBox="0 0 ${parts.width} ${parts.height}" class="dcoscope-export dcoscope-root">`,
    `<style><![CDATA[\n${css.replace(/]]>/g, ']]]]><![CDATA[>')}\n.dcoscope-export { ${parts.variables} }\n]]></style>`,
    `<rect width="100%" height="100%" fill="var(--v-surface, #fff)"/>`,
    ...parts.body,
    '</svg>',
  ].join('\n');
}

function text(x: number, y: number, s: string, size = 13, weight = 400): string {
  return `<text x="${x}" y="${y}" font-family="system-ui, sans-serif" font-size="${size}" font-weight="${weight}" fill="var(--v-fg, #1b1f24)">${xmlEscape(s)}</text>`;
}

/** An element's SVG (or canvas, as an image) placed at (x, y), scaled to fit `maxW`. */
function place(el: Element, x: number, y: number, maxW: number): { markup: string; h: number } {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return { markup: '', h: 0 };
  const scale = Math.min(1, maxW / r.width);
  const w = r.width * scale;
  const h = r.height * scale;
  if (el instanceof HTMLCanvasElement) {
    let href: string;
    try {
      href = el.toDataURL('image/png');
    } catch {
      return { markup: '', h: 0 };
    }
    return {
      markup: `<image x="${x}" y="${y}" width="${w}" height="${h}" href="${href}"/>`,
      h,
    };
  }
  const clone = el.cloneNode(true) as Element;
  clone.setAttribute('x', String(x));
  clone.setAttribute('y', String(y));
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${r.width} ${r.height}`);
  return { markup: new XMLSerializer().serializeToString(clone), h };
}

function area(el: Element): number {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
}

/** The current view as an SVG document. */
export function viewSvg(input: ViewImageInput): ViewImage {
  const laneEls = [...input.lanes.querySelectorAll('.lane')];
  const width = 1200;
  const gap = 24;
  const colW = (width - gap * (laneEls.length + 1)) / Math.max(1, laneEls.length);
  const body: string[] = [text(gap, 32, input.title, 20, 700), text(gap, 54, input.subtitle, 13)];
  let bottom = 70;
  laneEls.forEach((laneEl, i) => {
    const x = gap + i * (colW + gap);
    let y = 80;
    const lt = input.laneTexts[i];
    if (lt) {
      body.push(text(x, y + 16, lt.title, 16, 700));
      y += 28;
      for (const line of lt.lines) {
        body.push(text(x, y + 14, line, 12));
        y += 18;
      }
      y += 8;
    }
    // The panels' pictures: canvases (peer grids) and SVGs (queue, multi_context), top-level ones.
    const pics = [...laneEl.querySelectorAll('canvas, svg')].filter(
      (el) => !el.parentElement?.closest('svg') && el.getBoundingClientRect().width > 40,
    );
    for (const el of pics) {
      const p = place(el, x, y, colW);
      if (!p.markup) continue;
      body.push(p.markup);
      y += p.h + 12;
    }
    bottom = Math.max(bottom, y);
  });
  // The chart: its largest drawing (the legend's swatches are small SVGs too).
  const chartSvg = [...(input.chart?.querySelectorAll('svg') ?? [])]
    .filter((el) => !el.parentElement?.closest('svg'))
    .sort((a, b) => area(b) - area(a))[0];
  if (chartSvg) {
    const p = place(chartSvg, gap, bottom + 12, width - 2 * gap);
    if (p.markup) {
      body.push(p.markup);
      bottom += p.h + 24;
    }
  }
  const height = Math.ceil(bottom + gap);
  const css = cssText(input.cssRoot);
  const svg = assembleSvg({
    width,
    height,
    css,
    variables: themeVariables(css, input.themeElement),
    body,
  });
  return { svg, width, height };
}

/**
 * The SVG as PNG. Draws the SVG through an image; where the page's CSP refuses blob: images,
 * falls back to drawing the grids' canvases and the text directly.
 */
export async function viewPng(input: ViewImageInput, image: ViewImage): Promise<Blob> {
  const canvas = document.createElement('canvas');
  const scale = 2;
  canvas.width = image.width * scale;
  canvas.height = image.height * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw a PNG');
  ctx.scale(scale, scale);
  const drawn = await drawSvg(ctx, image);
  if (!drawn) drawFallback(ctx, input, image);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))),
      'image/png',
    ),
  );
}

function drawSvg(ctx: CanvasRenderingContext2D, image: ViewImage): Promise<boolean> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
    const img = new Image();
    const done = (ok: boolean) => {
      URL.revokeObjectURL(url);
      resolve(ok);
    };
    img.onload = () => {
      try {
        ctx.drawImage(img, 0, 0, image.width, image.height);
        done(true);
      } catch {
        done(false);
      }
    };
    img.onerror = () => done(false);
    img.src = url;
  });
}

function drawFallback(ctx: CanvasRenderingContext2D, input: ViewImageInput, image: ViewImage) {
  const style = getComputedStyle(input.themeElement);
  const v = (n: string, d: string) => style.getPropertyValue(n).trim() || d;
  ctx.fillStyle = v('--v-surface', '#ffffff');
  ctx.fillRect(0, 0, image.width, image.height);
  ctx.fillStyle = v('--v-fg', '#1b1f24');
  ctx.font = '700 20px system-ui, sans-serif';
  ctx.fillText(input.title, 24, 32);
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(input.subtitle, 24, 54);
  const laneEls = [...input.lanes.querySelectorAll('.lane')];
  const colW = (image.width - 24 * (laneEls.length + 1)) / Math.max(1, laneEls.length);
  laneEls.forEach((laneEl, i) => {
    const x = 24 + i * (colW + 24);
    let y = 96;
    const lt = input.laneTexts[i];
    if (lt) {
      ctx.font = '700 16px system-ui, sans-serif';
      ctx.fillText(lt.title, x, y);
      y += 22;
      ctx.font = '12px system-ui, sans-serif';
      for (const line of lt.lines) {
        ctx.fillText(line, x, y);
        y += 18;
      }
    }
    for (const c of laneEl.querySelectorAll('canvas')) {
      const r = c.getBoundingClientRect();
      if (r.width < 40) continue;
      const s = Math.min(1, colW / r.width);
      ctx.drawImage(c, x, y, r.width * s, r.height * s);
      y += r.height * s + 12;
    }
  });
}
