import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { builtinKinds } from '../../src/sources/kinds.js';
import { linesSource, startLinesService, type LinesService } from './lines-kind.js';

// A source kind added the way a new kind is: a folder of its own (here under test/) and one line
// in the registry of kinds. It only encodes, sends and decodes; the gateway's call path gives it
// call counts, metrics, retries, the circuit breaker and the plugins' onUpstreamCall.

let service: LinesService;
let project: TempProject;
let gateway: TestGateway;
const calls: Array<{ source: string; transport: string; operation: string; attempts?: number }> = [];

beforeAll(async () => {
  service = await startLinesService({ a: 'alpha', b: 'beta' });
  project = await tempProject();
  await project.write({
    'sources/kv/source.yaml': `kind: lines\nendpoint: ${service.url}\ntimeout: 2s\nretry: { attempts: 2, backoff: 10ms }\ncircuitBreaker: { minimumRequests: 4, failureRatio: 0.5, openFor: 1m }\n`,
    'plugins/watch.mjs': [
      'export default {',
      '  onUpstreamCall({ source, transport, operation }) {',
      '    const entry = { source, transport, operation };',
      '    globalThis.__plexusKindCalls.push(entry);',
      '    return ({ attempts }) => { entry.attempts = attempts; };',
      '  },',
      '};',
      '',
    ].join('\n'),
  });
  (globalThis as { __plexusKindCalls?: typeof calls }).__plexusKindCalls = calls;
  gateway = await startTestGateway({
    sourcesDir: project.sourcesDir,
    kinds: { ...builtinKinds, lines: linesSource },
    config: { plugins: ['./plugins/watch.mjs'] },
  });
});
afterAll(async () => {
  await gateway?.close();
  await service?.close();
  await project?.remove();
});

describe('a source kind of its own', () => {
  it('answers through the call path: one call, counted by the service, the metrics and the hook', async () => {
    const before = service.requests;
    calls.length = 0;
    const { body } = await gateway.query('{ one: entry(key: "a") { value } two: entry(key: "b") { key value } }');
    expect(body).toEqual({ data: { one: { value: 'alpha' }, two: { key: 'b', value: 'beta' } } });
    expect(service.requests - before).toBe(2);
    expect(calls).toEqual([
      { source: 'kv', transport: 'tcp', operation: 'get', attempts: 1 },
      { source: 'kv', transport: 'tcp', operation: 'get', attempts: 1 },
    ]);
    expect(await gateway.metric('plexus_upstream_requests_total', { source: 'kv' })).toBe(2);
  });

  it('is retried by the path when the service drops a call', async () => {
    const before = service.requests;
    calls.length = 0;
    service.drop(1);
    const { body } = await gateway.query('{ entry(key: "a") { value } }');
    expect(body).toEqual({ data: { entry: { value: 'alpha' } } });
    expect(service.requests - before).toBe(2);
    expect(calls).toEqual([{ source: 'kv', transport: 'tcp', operation: 'get', attempts: 2 }]);
    expect(await gateway.metric('plexus_upstream_retries_total', { source: 'kv' })).toBe(1);
  });

  it('fails fast behind the breaker once the service keeps failing', async () => {
    service.drop(1000);
    for (let i = 0; i < 3; i++) await gateway.query('{ entry(key: "a") { value } }');
    const reached = service.requests;
    const { body } = await gateway.query('{ entry(key: "a") { value } }');
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'kv', circuit: 'open' });
    expect(service.requests).toBe(reached);
    expect(calls.at(-1)).toMatchObject({ source: 'kv', attempts: 0 });
  });
});
