// Types of eslint-layers.mjs, for tests/unit/layers.test.ts.
import type { Rule } from 'eslint';

export declare const layersPlugin: { rules: { imports: Rule.RuleModule } };
