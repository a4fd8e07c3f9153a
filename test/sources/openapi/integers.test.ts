import { afterEach, describe, expect, it } from 'vitest';
import { document, json, startRestHarness, type RestHarness } from './support.js';

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// As GitHub describes a codespace machine: integers without a format, values past 2^31.
const MACHINE = {
  type: 'object',
  properties: {
    memory_in_bytes: { type: 'integer', example: 8589934592 },
    cpus: { type: 'integer', format: 'int32' },
  },
};
const OPENAPI = document({
  '/machines/{run_id}': {
    get: {
      operationId: 'machine',
      parameters: [{ name: 'run_id', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: { '200': { description: 'ok', content: { 'application/json': { schema: MACHINE } } } },
    },
  },
});

describe('type: integer without a format', () => {
  it('carries every integer a JSON number holds exactly, both ways, as a number', async () => {
    harness = await startRestHarness(OPENAPI, (_request, res) => json(res, 200, { memory_in_bytes: 8589934592, cpus: 4 }));
    const { body } = await harness.gateway.query('query ($id: SafeInt!) { machine(run_id: $id) { memory_in_bytes cpus } }', { id: 9007199254740991 });
    expect(body).toEqual({ data: { machine: { memory_in_bytes: 8589934592, cpus: 4 } } });
    expect(harness.seen.map((request) => request.url)).toEqual(['/machines/9007199254740991']);
  });

  it('refuses what a double cannot hold exactly: from the client before any call, from the service as its error', async () => {
    harness = await startRestHarness(OPENAPI, (_request, res) => json(res, 200, '{"memory_in_bytes": 9007199254740993, "cpus": 8589934592}'));
    const refused = await harness.gateway.query('{ machine(run_id: 9007199254740993) { cpus } }');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({
      message: expect.stringContaining('SafeInt cannot represent 9007199254740993'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(harness.seen).toEqual([]);

    const { body } = await harness.gateway.query('{ machine(run_id: 1) { memory_in_bytes cpus } }');
    expect(body.data).toEqual({ machine: { memory_in_bytes: null, cpus: null } });
    // int32 stays GraphQL's Int.
    expect(
      body.errors.map((error: { path: unknown[]; message: string; extensions: { code: string } }) => [error.path, error.extensions.code, error.message]),
    ).toEqual([
      [['machine', 'memory_in_bytes'], 'UPSTREAM_ERROR', 'Source "api" answered a value of the wrong type here: expected a valid SafeInt'],
      [['machine', 'cpus'], 'UPSTREAM_ERROR', 'Source "api" answered a value of the wrong type here: expected a valid Int'],
    ]);
  });
});
