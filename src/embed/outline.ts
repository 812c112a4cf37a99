/**
 * What an embed adds to its host's outline. The views are made for the full page: h2 and h3
 * titles, and a labelled section (a region landmark) per part. Inside someone else's document
 * an embed is one landmark (its own region) and, by default, no headings:
 *
 * - headings: each h1-h6 gets role="none" and reads as plain text; with a heading level N, the
 *   h2 read as level N and the h3 as N + 1 (aria-level, at most 6);
 * - landmarks: each labelled section becomes a named group (role="group"), and a labelled form
 *   loses its name (a form may not be a group; its fields keep their labels), so a page with a
 *   few embeds does not list dozens of regions and forms, all alike.
 *
 * Applied to the elements as they appear (a MutationObserver on the embed's root).
 */
const HEADINGS = 'h1, h2, h3, h4, h5, h6';
const SECTIONS = 'section[aria-label], section[aria-labelledby]';
const FORMS = 'form[aria-label], form[aria-labelledby]';

function heading(h: Element, level: number | null): void {
  if (level === null) {
    h.setAttribute('role', 'none');
    h.removeAttribute('aria-level');
  } else {
    const own = Number(h.tagName.slice(1));
    h.removeAttribute('role');
    h.setAttribute('aria-level', String(Math.max(1, Math.min(6, level + own - 2))));
  }
}

function section(s: Element): void {
  if (!s.hasAttribute('role')) s.setAttribute('role', 'group');
}

function form(f: Element): void {
  f.removeAttribute('aria-label');
  f.removeAttribute('aria-labelledby');
}

function applyWithin(node: Element, level: number | null): void {
  if (node.matches(HEADINGS)) heading(node, level);
  else if (node.matches(SECTIONS)) section(node);
  else if (node.matches(FORMS)) form(node);
  node.querySelectorAll(HEADINGS).forEach((h) => heading(h, level));
  node.querySelectorAll(SECTIONS).forEach(section);
  node.querySelectorAll(FORMS).forEach(form);
}

/** Keeps the outline under `root` (not `root` itself) as above; returns the stop. */
export function embedOutline(root: Element, level: number | null): () => void {
  root.querySelectorAll(HEADINGS).forEach((h) => heading(h, level));
  root.querySelectorAll(SECTIONS).forEach(section);
  root.querySelectorAll(FORMS).forEach(form);
  const mo = new MutationObserver((records) => {
    for (const r of records) {
      r.addedNodes.forEach((n) => {
        if (n instanceof Element) applyWithin(n, level);
      });
    }
  });
  mo.observe(root, { childList: true, subtree: true });
  return () => mo.disconnect();
}
