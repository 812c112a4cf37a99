/** The sweeps page: a parameter sweep, the variant comparison table and the benchmark. */
import { BenchmarkSection } from './BenchmarkSection.tsx';
import { ComparisonSection } from './ComparisonSection.tsx';
import { SweepSection } from './SweepSection.tsx';
import { defaultPoolSize } from '../sweep/index.ts';

export function SweepApp() {
  return (
    <>
      <header className="page-header">
        <div className="title">
          <h1>dcoscope sweeps</h1>
          <p className="tagline">
            Many seeded runs at once, in {defaultPoolSize()} web workers: where do ghosts, refusals
            and exits appear?
          </p>
        </div>
        <nav className="site-nav" aria-label="Pages">
          <a href="index.html">Visualizer</a>
          <a href="index.html?tour=setup">Tour</a>
        </nav>
      </header>
      <main>
        <SweepSection />
        <ComparisonSection />
        <BenchmarkSection />
      </main>
    </>
  );
}
