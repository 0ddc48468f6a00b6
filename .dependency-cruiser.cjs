// The pipeline's layers, checked by `npm run lint` (npx depcruise src).
// A module may import its own layer's folders and any layer below it, never one above;
// no import cycles, type-only imports included; library internals only in the engine
// boundary and the renderers. README, Design notes, "Layers".

/** bottom to top; each entry a folder of src/ (or a file at src/'s top) */
const LAYERS = [
  // ground: the document IR, diagnostics, the engine boundary and two process helpers
  ['ir', 'diagnostics', 'engines', 'project-root.ts', 'write-atomic.ts'],
  ['source'], // text with positions: YAML, typed numbers, file names
  ['model'], // zod schema, exact money, validation, the xlsx face of the model, unit files
  ['catalogue', 'figures', 'numbers', 'fonts'], // 科目 names, derived figures, number formats, font files
  ['checks', 'narrative', 'tables'], // consistency rules, Handlebars and markup, table layouts
  ['templates'], // a template set: narratives, layouts, styles, numbers, structure
  ['document'], // the one IR, its limits and pagination
  ['render'], // PDF, DOCX, HTML, xlsx tables
  ['build.ts'], // one department's build
  ['split-build'], // the same build on two threads
  ['synth', 'workbook', 'preview'], // synthetic departments, workbook commands, live preview
  ['batch'],
  ['queue'],
  ['cli'],
];

const alt = (names) => names.map((n) => (n.endsWith('.ts') ? `${n.replace(/\./g, '\\.')}$` : `${n}/`)).join('|');
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('+').replace(/\.ts/g, '')}`,
  comment: `${layer.join(', ')} may import only its own layer and those below it`,
  severity: 'error',
  from: { path: `^src/(${alt(layer)})` },
  to: { path: `^src/(${alt(LAYERS.slice(i + 1).flat())})` },
}));

// the libraries whose internals the engine patches reach; their package entry points are fine anywhere
const ENTRY =
  'pdfmake/js/index\\.js|pdfkit/js/pdfkit\\.js|fontkit/dist/[^/]+|docx/dist/index\\.[^/]+|handlebars/lib/index\\.js|handlebars/dist/cjs/handlebars\\.js';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'an import cycle (type-only imports count): move the shared part down',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'engine-internals',
      comment: 'pdfmake, pdfkit, fontkit, docx and handlebars internals are reached only from src/engines/ (and the renderers)',
      severity: 'error',
      from: { path: '^', pathNot: '^src/(engines|render)/' },
      to: { path: '^node_modules/(pdfmake|pdfkit|fontkit|docx|handlebars)/', pathNot: `^node_modules/(${ENTRY})$` },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
