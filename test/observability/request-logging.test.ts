import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createLogger } from '../../src/logger.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SECRET } from '../helpers/security.js';
import { ALL_THREE, captureLines, startUpstreams, type Upstreams } from './support.js';

let upstreams: Upstreams;
let gateway: TestGateway;
let token: string;
const output = captureLines();

beforeAll(async () => {
  upstreams = await startUpstreams();
  token = await new SignJWT({ scope: 'orders:read' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-42')
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
  gateway = await startTestGateway({
    sourcesDir: upstreams.project.sourcesDir,
    schemasDir: upstreams.project.schemasDir,
    cwd: upstreams.project.dir,
    env: upstreams.env,
    // The most talkative level: whatever any part writes must still keep tokens out.
    logger: createLogger({ level: 'trace' }, output.stream),
    config: { auth: { jwtSecret: SECRET } },
  });
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});

/** The request lines written for one request id. */
const requestLines = (requestId: string) =>
  output.records().filter((record) => record.requestId === requestId && String(record.msg).startsWith('graphql request'));

describe('one log line per GraphQL request', () => {
  it('says what ran, for whom, how it ended, how long it took and how many upstream calls it cost', async () => {
    const { status } = await gateway.query(ALL_THREE, undefined, { authorization: `Bearer ${token}`, 'x-request-id': 'log-ok-1' });
    expect(status).toBe(200);
    const lines = requestLines('log-ok-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'graphql request',
      requestId: 'log-ok-1',
      method: 'POST',
      path: '/graphql',
      operationName: 'AllThree',
      operationType: 'query',
      status: 200,
      result: 'ok',
      upstreamCalls: 3,
      subject: 'user-42',
    });
    expect(lines[0]!.durationMs).toEqual(expect.any(Number));
    expect(lines[0]).not.toHaveProperty('errorCodes');
  });

  it('writes a request with errors at warn, with the error codes', async () => {
    const { body } = await gateway.query('query Broken { broken { message } }', undefined, { 'x-request-id': 'log-broken-1' });
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_ERROR');
    const lines = requestLines('log-broken-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, operationName: 'Broken', status: 200, result: 'error', errorCodes: ['UPSTREAM_ERROR'], upstreamCalls: 1 });
    expect(lines[0]).not.toHaveProperty('subject');
  });

  it('writes requests refused before execution: a bad token (401) and a syntax error', async () => {
    const refused = await gateway.query(ALL_THREE, undefined, { authorization: 'Bearer not.a-valid.token', 'x-request-id': 'log-401' });
    expect(refused.status).toBe(401);
    expect(requestLines('log-401')).toEqual([
      expect.objectContaining({ level: 40, status: 401, result: 'error', errorCodes: ['UNAUTHENTICATED'], upstreamCalls: 0 }),
    ]);
    await gateway.query('{ hello { ', undefined, { 'x-request-id': 'log-syntax' });
    expect(requestLines('log-syntax')).toEqual([expect.objectContaining({ level: 40, result: 'error', errorCodes: ['GRAPHQL_PARSE_FAILED'] })]);
  });

  it('leaves health, readiness and metrics requests out', async () => {
    const base = `http://127.0.0.1:${gateway.server.port}`;
    for (const path of ['/healthz', '/readyz', '/metrics']) await fetch(base + path, { headers: { 'x-request-id': `log-skip${path}` } });
    expect(output.records().filter((record) => String(record.requestId ?? '').startsWith('log-skip'))).toEqual([]);
  });

  it('never writes a bearer token, valid or not', async () => {
    await gateway.query(ALL_THREE, undefined, { authorization: `Bearer ${token}` });
    const text = output.lines.join('\n');
    expect(output.lines.length).toBeGreaterThan(5);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]!);
    expect(text).not.toContain('not.a-valid.token');
    expect(text).not.toMatch(/bearer\s+\S/i);
  });
});

describe('redaction', () => {
  it('censors credential headers and secret fields wherever a library logs them', () => {
    const captured = captureLines();
    const logger = createLogger({ level: 'info' }, captured.stream);
    logger.info(
      { headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'k-1' }, req: { headers: { authorization: 'Bearer def' } } },
      'request',
    );
    logger.info({ err: { headers: { 'proxy-authorization': 'Basic ghi' } }, token: 'jkl', upstream: { password: 'mno' } }, 'failure');
    const text = captured.lines.join('\n');
    for (const secret of ['abc', 'sid=1', 'k-1', 'def', 'ghi', 'jkl', 'mno']) expect(text).not.toContain(secret);
    expect(captured.records()[0]).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' } });
  });
});
