// The build's virtual modules for the element's loader (vite.config.ts, dcoscopeElement).

declare module 'virtual:dcoscope-app' {
  /** The absolute URL of the element's app chunk (assets/dcoscope-app-[hash].js). */
  const url: string;
  export default url;
}

declare module 'virtual:dcoscope-poster' {
  import type { PosterData } from './posterData.ts';
  const data: PosterData;
  export default data;
}
