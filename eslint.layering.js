// The layering of src/, as the data flow in docs/architecture.md reads:
// cli → config → sources → compose → execution → upstream; the feature folders per request; server last.
// Each entry forbids the folders a layer must not import. Paths are matched on the relative
// specifier as written (`../server/gateway.js`, `../../compose/directives.js`), so a layer is
// named by its folder whatever the depth of the importing file.

/** An import of `src/<folder>/` from anywhere below src/. */
const folder = (name) => `^(\\.\\./)+${name}(/|$)`;

const rule = (name, message) => ({ regex: folder(name), message });

// Nothing in src/ reaches into the demo services or the test suites.
const outsideSrc = [
  { regex: '^(\\.\\./)+(demo|test|bench)(/|$)', message: 'src/ never imports demo/, test/ or bench/.' },
];
// The server assembles everything else; only the command line starts it.
const server = [rule('server', 'Only src/cli/ imports src/server/: the server is the last layer.')];
const plugins = [rule('plugins', 'Plugins are listed by src/server/; lower layers never import them.')];
const compose = [rule('compose', 'Composition comes after the sources: a source kind never imports src/compose/.')];
const execution = [rule('execution', 'Execution comes after the sources: a source kind never imports src/execution/.')];
const sources = [rule('sources', 'Configuration is parsed before the sources load: src/config/ never imports src/sources/.')];

const KINDS = ['openapi', 'grpc', 'graphql', 'federation'];
/** A kind's folder imports no other kind's folder (a kind is added without touching the others). */
const otherKinds = (kind) =>
  KINDS.filter((other) => other !== kind).map((other) => ({
    // federation runs its subgraphs through the GraphQL kind's executor and readiness probe.
    regex: kind === 'federation' && other === 'graphql' ? '^\\.\\./graphql/(?!executor\\.js$|probe\\.js$)' : `^(\\.\\./)+${other}(/|$)`,
    message: `src/sources/${kind}/ never imports src/sources/${other}/: each source kind stands alone.`,
  }));

const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const sourceLayer = [...outsideSrc, ...server, ...plugins, ...compose, ...execution];

export const layering = [
  restrict(['src/**/*.ts'], [...outsideSrc, ...server]),
  restrict(['src/cli.ts', 'src/cli/**/*.ts', 'src/server/**/*.ts'], outsideSrc),
  restrict(['src/config/**/*.ts'], [...outsideSrc, ...server, ...plugins, ...compose, ...execution, ...sources]),
  restrict(['src/upstream/**/*.ts'], [...outsideSrc, ...server, ...plugins, ...compose, ...execution, rule('sources', 'src/upstream/ is the call path below every source kind; it never imports src/sources/.')]),
  restrict(['src/sources/**/*.ts'], sourceLayer),
  ...KINDS.map((kind) => restrict([`src/sources/${kind}/**/*.ts`], [...sourceLayer, ...otherKinds(kind)])),
  // The GraphQL kind strips @defer/@stream from the documents it sends with the same pure
  // document helper the execution plugins use; it holds no execution state.
  {
    files: ['src/sources/graphql/executor.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...outsideSrc, ...server, ...plugins, ...compose, ...otherKinds('graphql'), { regex: '^\\.\\./\\.\\./execution/(?!incremental-directives\\.js$)', message: execution[0].message }] },
      ],
    },
  },
];
