// The local ESLint rule `layers/imports`: every relative import of a file under src/
// (`import`, `import type`, `export ... from`, `export * from`, dynamic `import()` and
// `import('...')` types) is resolved to its folder and checked against scripts/layers.mjs.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTRIES, FILES, LAYERS } from './layers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = resolve(ROOT, 'src');
const TESTS = resolve(ROOT, 'tests');
const TABLE = 'scripts/layers.mjs';

const isTestFile = (file) => /\.test\.tsx?$/.test(file);
const under = (dir, file) => file === dir || file.startsWith(dir + sep);

/** The src/ folder of a file (its first path segment under src/), or null outside src/. */
function folderOf(file) {
  if (!under(SRC, file)) return null;
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : '';
}

/** `index`, `index.ts`, `./index.tsx` and the folder itself all name the same entry. */
function entryName(path) {
  const p = path.replace(/\.(tsx?|mts|js|mjs)$/, '');
  return p === '' ? 'index' : p.split(sep).join('/');
}

function describe(rule) {
  if (rule === 'any') return '';
  if (rule === 'types') return ' (types only)';
  return ` (types, and ${rule.join(', ')})`;
}

function allowedList(from) {
  const row = LAYERS[from] ?? {};
  const names = Object.keys(row);
  if (names.length === 0) return 'nothing outside it';
  return names.map((to) => `src/${to}${describe(row[to])}`).join(', ');
}

/** Runtime names an import/export brings in: [] for type-only, null for a whole module. */
function runtimeNames(node) {
  if (node.type === 'ImportExpression') return null;
  if (node.type === 'TSImportType') return [];
  if (node.type === 'ImportDeclaration') {
    if (node.importKind === 'type') return [];
    if (node.specifiers.length === 0) return null; // side-effect import: runs the module
    const names = [];
    for (const s of node.specifiers) {
      if (s.type === 'ImportDefaultSpecifier') names.push('default');
      else if (s.type === 'ImportNamespaceSpecifier') names.push('* as ' + s.local.name);
      else if (s.importKind !== 'type') names.push(s.imported.name ?? s.imported.value);
    }
    return names;
  }
  if (node.type === 'ExportAllDeclaration') return node.exportKind === 'type' ? [] : null;
  // ExportNamedDeclaration with a source
  if (node.exportKind === 'type') return [];
  return node.specifiers
    .filter((s) => s.exportKind !== 'type')
    .map((s) => s.local.name ?? s.local.value);
}

/** @type {import('eslint').Rule.RuleModule} */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: `imports between src/ folders follow the table in ${TABLE}` },
    schema: [],
  },
  create(context) {
    const file = resolve(context.filename);
    const from = folderOf(file);
    if (from === null || isTestFile(file)) return {};
    const fromRel = relative(SRC, file).split(sep).join('/');

    function check(node, sourceNode) {
      const spec = sourceNode?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolve(dirname(file), spec.replace(/[?#].*$/, ''));
      const report = (message) => context.report({ node: sourceNode, message });

      if (under(TESTS, target)) {
        report(
          `src/${fromRel} may not import from tests/ ('${spec}'): only *.test.ts files may use the test helpers`,
        );
        return;
      }
      const to = folderOf(target);
      if (to === null || to === from) return;
      if (from === '' || !(from in LAYERS)) {
        report(
          `src/${fromRel} is in no folder of the layer table (${TABLE}): add its folder there`,
        );
        return;
      }
      if (to === '' || !(to in LAYERS)) {
        report(`'${spec}' is in no folder of the layer table (${TABLE})`);
        return;
      }
      const rule = FILES[fromRel]?.[to] ?? LAYERS[from][to];
      if (rule === undefined) {
        report(
          `src/${from} may not import src/${to} ('${spec}'). src/${from} may import: ${allowedList(from)} (${TABLE})`,
        );
        return;
      }
      const entries = ENTRIES[to];
      const inner = entryName(relative(resolve(SRC, to), target));
      if (entries && !entries.some((e) => entryName(e) === inner)) {
        const list = entries.map((e) => `src/${to}/${e}`).join(', ');
        report(
          `'${spec}' is inside src/${to}: other folders import src/${to} only through ${list} (from src/${from}; ${TABLE})`,
        );
        return;
      }
      if (rule === 'any') return;
      const names = runtimeNames(node);
      const allowed = rule === 'types' ? [] : rule;
      const bad = names === null ? ['the whole module'] : names.filter((n) => !allowed.includes(n));
      if (bad.length === 0) return;
      const who = FILES[fromRel]?.[to] !== undefined ? `src/${fromRel}` : `src/${from}`;
      const what = rule === 'types' ? 'types' : `types and ${rule.join(', ')}`;
      report(
        `${who} may import only ${what} from src/${to}: ` +
          `'${spec}' brings in ${bad.join(', ')} at run time; use 'import type' (${TABLE})`,
      );
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source),
      TSImportType: (node) => check(node, node.source ?? node.argument?.literal),
    };
  },
};

export const layersPlugin = { rules: { imports: importsRule } };
