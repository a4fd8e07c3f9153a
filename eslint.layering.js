// The layering of src/, as the data flow in docs/architecture.md reads:
// cli → config → sources → compose → execution → upstream; the feature folders per request; server last.
// Each entry forbids the folders a layer must not import. Paths are matched on the relative
// specifier as written (`../server/gateway.js`, `../../compose/directives.js`), so a layer is
// named by its folder whatever the depth of the importing file. Later entries replace earlier ones
// for the files they match, so each repeats the rules that still apply.

/** An import of `src/<folder>/` from anywhere below src/. */
const folder = (name) => `^(\\.\\./)+${name}(/|$)`;

const rule = (name, message) => ({ regex: folder(name), message });

/** The folders of the features a request passes through: each holds its config, logic, plugins and metrics. */
const FEATURES = [
  'auth',
  'cache',
  'compression',
  'cors',
  'csrf',
  'execution',
  'extensions',
  'generations',
  'graphiql',
  'limits',
  'observability',
  'persisted-documents',
  'rate-limit',
  'readiness',
  'redis',
  'status',
  'transports',
  'uploads',
  'upstream',
];

// Nothing in src/ reaches into the demo services or the test suites.
const outsideSrc = [{ regex: '^(\\.\\./)+(demo|test|bench)(/|$)', message: 'src/ never imports demo/, test/ or bench/.' }];
// The server assembles everything else; only the command line starts it.
const server = [rule('server', 'Only src/cli/ imports src/server/: the server is the last layer.')];
// A plugin file is `useX.ts`; its own folder may import it (its feature list), no other folder but src/server/.
const plugins = [
  {
    regex: '^(\\.\\./)+([a-z-]+/)+use[A-Z][A-Za-z]*\\.js$',
    message: "Plugins are listed by src/server/; other folders never import another folder's plugins.",
  },
];
const compose = [rule('compose', 'Composition comes after the sources: a source kind never imports src/compose/.')];
const execution = [rule('execution', 'Execution comes after the sources: a source kind never imports src/execution/.')];
const sources = [rule('sources', 'Configuration is parsed before the sources load: src/config/ never imports src/sources/.')];

const CONFIG_FILES_ONLY = "src/config/ imports a feature folder's config file only (config.ts, *-config.ts), never its logic or plugins.";
// The source-level keys (src/config/source-config.ts) check header names with the rules the upstream client applies.
const configLayer = [
  ...outsideSrc,
  ...server,
  ...compose,
  ...sources,
  rule('links', 'src/config/ parses configuration only: it never imports src/links/.'),
  rule('computed', 'src/config/ parses configuration only: it never imports src/computed/.'),
  rule('metrics', 'src/config/ parses configuration only: it never imports src/metrics/.'),
  {
    regex: `^\\.\\./(${FEATURES.filter((name) => name !== 'upstream').join('|')})/(?!config\\.js$|[a-z-]+-config\\.js$)`,
    message: CONFIG_FILES_ONLY,
  },
  { regex: '^\\.\\./upstream/(?!upstream-config\\.js$|header-rules\\.js$)', message: CONFIG_FILES_ONLY },
];

const CONFIG_HELPERS_ONLY = "A feature's config file imports only src/config/ helpers and zod: it is parsed before anything else exists.";
/**
 * A feature's config file: zod and src/config/'s helpers. The two pure parsers a schema is built on
 * (a CORS origin pattern, a Redis node address) sit beside their config file, which may import them.
 */
const featureConfig = [
  ...outsideSrc,
  { regex: '^\\.\\./(?!config/)', message: CONFIG_HELPERS_ONLY },
  { regex: '^\\./(?!origin-pattern\\.js$|nodes\\.js$)', message: CONFIG_HELPERS_ONLY },
  { regex: '^(?!zod$)[^.]', message: CONFIG_HELPERS_ONLY },
];

const KINDS = ['openapi', 'grpc', 'graphql', 'federation'];
/** A kind's folder imports no other kind's folder (a kind is added without touching the others). */
const otherKinds = (kind) =>
  KINDS.filter((other) => other !== kind).map((other) => ({
    // federation runs its subgraphs through the GraphQL kind's executor and readiness probe.
    regex: kind === 'federation' && other === 'graphql' ? '^\\.\\./graphql/(?!executor\\.js$|probe\\.js$)' : `^(\\.\\./)+${other}(/|$)`,
    message: `src/sources/${kind}/ never imports src/sources/${other}/: each source kind stands alone.`,
  }));

const restrict = (files, patterns, ignores) => ({
  files,
  ...(ignores && { ignores }),
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const sourceLayer = [...outsideSrc, ...server, ...plugins, ...compose, ...execution];

export const layering = [
  // Everything, src/compose/ included: no demo or tests, no server, no other folder's plugins.
  restrict(['src/**/*.ts'], [...outsideSrc, ...server, ...plugins]),
  restrict(['src/cli.ts', 'src/cli/**/*.ts', 'src/server/**/*.ts'], outsideSrc),
  restrict(['src/config/**/*.ts'], configLayer),
  // src/cli/config.ts is the `plexus config` command, not a feature's configuration.
  restrict(['src/*/config.ts', 'src/*/*-config.ts'], featureConfig, ['src/config/**', 'src/cli/**']),
  restrict(
    ['src/upstream/**/*.ts'],
    [
      ...outsideSrc,
      ...server,
      ...plugins,
      ...compose,
      ...execution,
      rule('sources', 'src/upstream/ is the call path below every source kind; it never imports src/sources/.'),
    ],
  ),
  restrict(['src/upstream/*-config.ts'], featureConfig),
  restrict(['src/sources/**/*.ts'], sourceLayer),
  ...KINDS.map((kind) => restrict([`src/sources/${kind}/**/*.ts`], [...sourceLayer, ...otherKinds(kind)])),
  // The GraphQL kind strips @defer/@stream from the documents it sends with the same pure
  // document helper the execution plugins use; it holds no execution state.
  {
    files: ['src/sources/graphql/executor.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outsideSrc,
            ...server,
            ...plugins,
            ...compose,
            ...otherKinds('graphql'),
            { regex: '^\\.\\./\\.\\./execution/(?!incremental-directives\\.js$)', message: execution[0].message },
          ],
        },
      ],
    },
  },
];
