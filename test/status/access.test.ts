import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { STATUS_TOKEN } from './support.js';

let demo: DemoServices;
let disabled: TestGateway;
let guarded: TestGateway;
let open: TestGateway;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  [disabled, guarded, open] = await Promise.all([
    startDemoGateway({ env: demo.env }),
    startDemoGateway({ env: demo.env, config: { status: { enabled: true, token: STATUS_TOKEN } } }),
    startDemoGateway({ env: demo.env, config: { status: true } }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([disabled?.close(), guarded?.close(), open?.close()]);
  await demo?.close();
});

const get = (gateway: TestGateway, path: string, headers: Record<string, string> = {}) => fetch(`${gateway.server.url}${path}`, { headers });

describe('who may read the status page', () => {
  it('is not there unless status.enabled', async () => {
    for (const path of ['/status', '/status.json']) {
      const response = await get(disabled, path, { authorization: `Bearer ${STATUS_TOKEN}` });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('Plexus status');
    }
  });

  it('answers 401 without the token, with another token or another scheme, and 200 with it', async () => {
    for (const path of ['/status', '/status.json']) {
      for (const headers of [
        {},
        { authorization: `Bearer ${STATUS_TOKEN}x` },
        { authorization: 'Bearer wrong' },
        { authorization: `Basic ${STATUS_TOKEN}` },
        { authorization: STATUS_TOKEN },
      ]) {
        const response = await get(guarded, path, headers);
        expect(response.status, `${path} with ${JSON.stringify(headers)}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="plexus-status"');
        const body = await response.text();
        expect(body).not.toContain('users');
        expect(body).not.toContain(STATUS_TOKEN);
      }
      const allowed = await get(guarded, path, { authorization: `Bearer ${STATUS_TOKEN}` });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('cache-control')).toBe('no-store');
      expect(await allowed.text()).toContain('"users"');
    }
    // The query string is no way in: the token travels only in the header.
    expect((await get(guarded, `/status?token=${STATUS_TOKEN}`)).status).toBe(401);
    // The GraphQL endpoint is not behind the status token.
    expect((await guarded.query('{ users(limit: 1) { id } }')).body.data.users).toHaveLength(1);
  });

  it('is open to anyone without status.token', async () => {
    const response = await get(open, '/status.json');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { sources: unknown[] }).sources).toHaveLength(4);
  });

  it('serves the page under a policy that lets only its own nonce-tagged style and script run', async () => {
    const response = await get(open, '/status');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    // Nothing is loaded from elsewhere.
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/);
    // Another request, another nonce.
    const again = (await get(open, '/status')).headers.get('content-security-policy');
    expect(again).not.toBe(policy);
    expect((await fetch(`${open.server.url}/status.json`, { method: 'POST' })).status).toBe(405);
  });
});
