import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 ships CJS and ESM builds without an exports map: Node loads the CJS build for our
  // dependencies, so the tests must load the same one or types from two "realms" meet.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Test files share a worker's module cache: each file would otherwise import the whole gateway
    // again, which took more time than the tests. Every test starts servers and gateways of its own.
    poolOptions: { forks: { isolate: false } },
  },
});
