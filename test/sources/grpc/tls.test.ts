import { ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TempProject } from '../../helpers/fixtures.js';
import { callsProject, startCallService } from './support/calls.js';
import { hasOpenssl, makeCertificates, type TestCertificates } from './support/certificates.js';
import type { TestGrpcServer } from './support/grpc-server.js';
import { loadSource, mustLoad, run } from './support/source.js';

const projects: TempProject[] = [];
let certs: TestCertificates;
let tlsServer: TestGrpcServer;
let mutualServer: TestGrpcServer;

describe.skipIf(!hasOpenssl())('TLS', () => {
  beforeAll(async () => {
    certs = await makeCertificates();
    const identity = [{ cert_chain: Buffer.from(certs.serverCert), private_key: Buffer.from(certs.serverKey) }];
    tlsServer = await startCallService({ credentials: ServerCredentials.createSsl(null, identity, false) });
    mutualServer = await startCallService({ credentials: ServerCredentials.createSsl(Buffer.from(certs.ca), identity, true) });
  });

  afterAll(async () => {
    await tlsServer?.close();
    await mutualServer?.close();
    for (const project of projects) await project.remove();
  });

  /** A `calls` source with the certificates as files in its folder, under certs/. */
  async function source(url: string, tls: string) {
    const project = await callsProject(`kind: grpc\nendpoint: ${url}\nschema: calls.proto\ntimeout: 2s\n${tls}`);
    projects.push(project);
    await project.write({
      'sources/calls/certs/ca.pem': certs.ca,
      'sources/calls/certs/client.pem': certs.clientCert,
      'sources/calls/certs/client-key.pem': certs.clientKey,
    });
    return project;
  }

  async function call(project: TempProject, env: Record<string, string> = {}) {
    const loaded = await mustLoad(project, 'calls', { env });
    try {
      return await run(loaded, '{ getReply { deadlineMs } }');
    } finally {
      await loaded.close();
    }
  }

  test('a private CA, with serverName for a certificate issued to another name than the address', async () => {
    const result = await call(await source(tlsServer.url, 'tls:\n  ca: certs/ca.pem\n  serverName: orders.internal\n'));
    expect(result.errors).toBeUndefined();
    expect(result.data.getReply.deadlineMs).toBeGreaterThan(0);
  });

  test('a bare host:port endpoint speaks TLS when tls: says so', async () => {
    const result = await call(await source(`127.0.0.1:${tlsServer.port}`, 'tls:\n  ca: certs/ca.pem\n  serverName: orders.internal\n'));
    expect(result.errors).toBeUndefined();
    expect(result.data.getReply.deadlineMs).toBeGreaterThan(0);
  });

  test('the certificate is checked: without serverName the name does not match', async () => {
    const result = await call(await source(tlsServer.url, 'tls:\n  ca: certs/ca.pem\n'));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', source: 'calls', grpcStatus: 'UNAVAILABLE' });
  });

  test('mutual TLS with a client certificate and key', async () => {
    const result = await call(
      await source(mutualServer.url, 'tls:\n  ca: certs/ca.pem\n  cert: certs/client.pem\n  key: certs/client-key.pem\n  serverName: orders.internal\n'),
    );
    expect(result.errors).toBeUndefined();
    expect(mutualServer.calls).toBe(1);
  });

  test('a server that wants a client certificate refuses a gateway without one', async () => {
    const result = await call(await source(mutualServer.url, 'tls:\n  ca: certs/ca.pem\n  serverName: orders.internal\n'));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', grpcStatus: 'UNAVAILABLE' });
  });

  test('PEM text from the environment works as well as a file', async () => {
    const result = await call(await source(tlsServer.url, 'tls:\n  ca: ${ORDERS_CA}\n  serverName: orders.internal\n'), { ORDERS_CA: certs.ca });
    expect(result.errors).toBeUndefined();
  });

  test('a plaintext channel to a TLS server fails as UNAVAILABLE', async () => {
    const project = await source(tlsServer.url.replace('grpcs:', 'grpc:'), '');
    const result = await loadSource(project, 'calls');
    const answer = await run(result.source!, '{ getReply { deadlineMs } }');
    await result.source!.close();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', grpcStatus: 'UNAVAILABLE' });
  });
});
