// The `layers/imports` rule (scripts/eslint-layers.mjs) against the table in scripts/layers.mjs.
import { fileURLToPath } from 'node:url';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { layersPlugin } from '../../scripts/eslint-layers.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

tester.run('layers/imports', layersPlugin.rules.imports, {
  valid: [
    { filename: src('views/x.ts'), code: "import { narrate } from '../model/index.ts';" },
    {
      filename: src('views/lane/x.ts'),
      code: "import type { LaneView } from '../../protocol/view.ts';",
    },
    { filename: src('app/x.ts'), code: "import { SimClient } from '../worker/client.ts';" },
    { filename: src('model/x.ts'), code: "import { emit } from './core.ts';" },
    {
      filename: src('machines/x.ts'),
      code: "import type { PairSnapshot } from '../protocol/view.ts';",
    },
    {
      filename: src('machines/x.ts'),
      code: "import { type PairSnapshot } from '../protocol/view.ts';",
    },
    {
      filename: src('protocol/x.ts'),
      code: "import { OUTCOMES, type Outcome } from '../model/index.ts';",
    },
    {
      filename: src('worker/client.ts'),
      code: "import type { TraceEvent } from '../model/index.ts';",
    },
    { filename: src('views/x.test.ts'), code: "import { step } from '../model/sim.ts';" },
    {
      filename: src('views/x.test.ts'),
      code: "import { lanes } from '../../tests/helpers/testLanes.ts';",
    },
    { filename: src('sweepApp/x.ts'), code: "const m = import('../sweep/local.ts');" },
    { filename: src('embed/x.ts'), code: "import css from '../app/app.css?inline';" },
  ],
  invalid: [
    {
      filename: src('views/x.ts'),
      code: "import { SimHandler } from '../worker/handler.ts';",
      errors: [
        {
          message:
            "src/views may not import src/worker ('../worker/handler.ts'). src/views may import: src/model, src/protocol (scripts/layers.mjs)",
        },
      ],
    },
    {
      filename: src('views/lane/x.ts'),
      code: "export { createSim } from '../../model/kernel.ts';",
      errors: [
        {
          message:
            /inside src\/model: other folders import src\/model only through src\/model\/index\.ts/,
        },
      ],
    },
    {
      filename: src('app/x.ts'),
      code: "const h = import('../worker/handler.ts');",
      errors: [{ message: /only through src\/worker\/client\.ts/ }],
    },
    {
      filename: src('model/x.ts'),
      code: "import { SimClient } from '../worker/client.ts';",
      errors: [{ message: /src\/model may import: nothing outside it/ }],
    },
    {
      filename: src('machines/x.ts'),
      code: "import { PROTOCOL_VERSION, type Request } from '../protocol/messages.ts';",
      errors: [
        { message: /may import only types from src\/protocol: .* brings in PROTOCOL_VERSION/ },
      ],
    },
    {
      filename: src('protocol/x.ts'),
      code: "import { OUTCOMES, createSim } from '../model/index.ts';",
      errors: [
        {
          message:
            /types and LOSS_OUTCOMES, OUTCOMES, TRACE_WHATS from src\/model: .* brings in createSim/,
        },
      ],
    },
    {
      filename: src('worker/client.ts'),
      code: "import { narrate } from '../model/index.ts';",
      errors: [{ message: /^src\/worker\/client\.ts may import only types from src\/model/ }],
    },
    {
      filename: src('views/x.ts'),
      code: "import { lanes } from '../../tests/helpers/testLanes.ts';",
      errors: [{ message: /may not import from tests\// }],
    },
  ],
});
