import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { useRoute, withBase } from 'vitepress';
import { nextTick, onMounted, watch } from 'vue';
import DcoscopeFrame from './DcoscopeFrame.vue';
import { applyTheme, followDocsTheme } from './demoTheme';

/**
 * The default theme, plus: <DcoscopeFrame> (the iframe embed, sized by its resize messages)
 * and, in the browser only, the element's loader script. The loader is small and SSR-safe; the
 * demo itself loads when a reader clicks a poster, so pages without a demo pay little. Every
 * demo follows the docs' light/dark toggle.
 */
export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('DcoscopeFrame', DcoscopeFrame);
    if (typeof window !== 'undefined') {
      const url = withBase('/demo/dcoscope/dcoscope-demo.js');
      import(/* @vite-ignore */ url).catch(() => {
        // the demo's build is missing (a docs build without scripts/docs.mjs): the posters'
        // fallback links still lead to the full visualizer
      });
    }
  },
  setup() {
    const route = useRoute();
    onMounted(() => {
      applyTheme();
      followDocsTheme();
    });
    watch(
      () => route.path,
      () => nextTick(applyTheme),
    );
  },
} satisfies Theme;
