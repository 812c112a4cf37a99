import { defineConfig } from 'vitepress';

/**
 * The project's user documentation. The site lives under a base path (DOCS_BASE, default
 * /docs/), and the demo's static build is copied to <base>demo/dcoscope/ by scripts/docs.mjs.
 * Under a strict CSP (script-src 'self'): VitePress's site data goes into a chunk of its own
 * (metaChunk) instead of an inline script; its styles still need style-src 'unsafe-inline'.
 */
const base = process.env.DOCS_BASE ?? '/docs/';

export default defineConfig({
  base,
  title: 'dcoscope',
  description:
    'How OpenVPN with data-channel offload loses DEL_PEER notifications, and how the fix keeps them: an interactive simulation.',
  lang: 'en',
  cleanUrls: false,
  metaChunk: true,
  lastUpdated: false,
  // the demo's build is copied in, not written here: no dead-link check into it
  ignoreDeadLinks: [/^\/?demo\//, /\/demo\/dcoscope\//],
  vue: {
    template: {
      compilerOptions: {
        // <dcoscope-demo> is a custom element: render it as is on the server and the client
        isCustomElement: (tag) => tag === 'dcoscope-demo',
      },
    },
  },
  themeConfig: {
    nav: [
      { text: 'The bug', link: '/bug' },
      { text: 'Use it', link: '/using' },
      { text: 'Embed it', link: '/embedding' },
    ],
    sidebar: [
      {
        text: 'Understand',
        items: [
          { text: 'What dcoscope shows', link: '/' },
          { text: 'The bug', link: '/bug' },
          { text: 'The code variants', link: '/variants' },
          { text: 'The scenarios', link: '/scenarios' },
          { text: 'How the kernel paces notifications', link: '/kernel-pacing' },
        ],
      },
      {
        text: 'Use',
        items: [
          { text: 'The visualizer', link: '/using' },
          { text: 'Links and files', link: '/links' },
          { text: 'The command line', link: '/cli' },
          { text: 'On the wire', link: '/wire' },
        ],
      },
      {
        text: 'Embed',
        items: [{ text: 'Embedding the demo', link: '/embedding' }],
      },
    ],
    search: undefined,
    outline: { level: [2, 3] },
  },
});
