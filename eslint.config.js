// Lint for the whole repository: typescript-eslint's strict type-checked rules (bugs the compiler lets
// through), less those that fight the libraries or the house style, each with its reason; and the layering of src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layering } from './eslint.layering.js';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'bench/results/', '.scratch/', 'templates/', 'demo/operations/generated/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // A variable assigned once after a closure that reads it (a timer, a server) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Rejections pass on what was caught or an AbortSignal's reason, which are `unknown` by type.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // yoga and envelop spell "no extra context" as `{}` in their generic parameters.
      '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }],
      // Parsed JSON, YAML and library hooks are `any` at the boundary, where zod or a narrowing check reads them.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      // Same boundary as above: values read from untyped JSON are assigned before they are checked.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Same boundary: untyped values go on to functions that check them.
      '@typescript-eslint/no-unsafe-argument': 'off',
      // Same boundary: hooks of untyped libraries (swagger2openapi, protobufjs descriptors) are called as given.
      '@typescript-eslint/no-unsafe-call': 'off',
      // Same boundary: helpers hand untyped answers back to graphql-js, which serializes them by the schema.
      '@typescript-eslint/no-unsafe-return': 'off',
      // The few `any`s are where a library's own types are `any` (graphql-tools resolvers, envelop hooks).
      '@typescript-eslint/no-explicit-any': 'off',
      // Plugins and stores hand out plain functions that never read `this`; the rule cannot tell.
      '@typescript-eslint/unbound-method': 'off',
      // Assertions the compiler finds redundant still say at the boundary what a value is.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `String(value)` on an unknown value is how messages quote what the user wrote.
      '@typescript-eslint/no-base-to-string': 'off',
      // Messages quote graphql-js types and unknown values by their own string form on purpose.
      '@typescript-eslint/restrict-template-expressions': 'off',
      // `async` keeps a function's Promise contract (an interface, a hook) even when it needs no await.
      '@typescript-eslint/require-await': 'off',
      // graphql-js enums (Kind, OperationTypeNode) are compared with their string values throughout.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // With noUncheckedIndexedAccess every index read may be undefined; `!` marks one the code has just made sure of.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `(value) => set.add(value)` and `() => void push(x)` are how callbacks read in this codebase.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Values from JSON, YAML, protobuf and library callbacks are typed as they should be, and checked for what
      // may still arrive at run time; the rule cannot tell such a check from dead code.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // graphql-js's wrapping types and dockerfile-ast's instructions are classes handed out by helpers and
      // narrowed with instanceof; the rule reads them as structural copies.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // A type parameter on a reader of parsed JSON (askService, directive values, a test's response body) names
      // what the caller expects there; the rule asks for the cast it stands for to be written at each call.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', module: 'writable' } },
  },
  ...layering,
);
