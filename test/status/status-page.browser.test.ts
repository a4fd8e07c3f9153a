import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../helpers/chromium.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';
import { FAN_OUT, STATUS_TOKEN } from './support.js';

const available = chromiumAvailable();

describe.skipIf(!available)('the status page in a real browser', () => {
  let demo: DemoServices;
  let gateway: TestGateway;
  let browser: Browser;
  let shots: string;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    // The page asks for fresh data every 500 ms, the shortest refresh allowed.
    gateway = await startDemoGateway({ env: demo.env, config: { status: { enabled: true, token: STATUS_TOKEN, refresh: '500ms' } } });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    shots = await mkdtemp(join(tmpdir(), 'plexus-status-'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await demo?.close();
    if (shots) await rm(shots, { recursive: true, force: true });
  });

  it('draws the sources and the link graph, refreshes in place, and breaks no rule of its policy', async () => {
    // What an operator's header-setting proxy or browser extension does: every request carries the token.
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${STATUS_TOKEN}` }, viewport: { width: 1280, height: 1300 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    const dataRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/status.json')) dataRequests.push(request.url());
    });

    await page.goto(`${gateway.server.url}/status`);
    expect(await page.title()).toBe('Plexus status');
    const rows = page.locator('#sources tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await page.locator('#sources tbody tr td:first-child').allInnerTexts()).toEqual(['inventory', 'orders', 'products', 'users']);
    const cell = (source: string, field: string) => page.locator(`#sources tr[data-source="${source}"] td[data-field="${field}"]`);
    expect(await cell('users', 'ready').innerText()).toBe('ready');
    expect(await cell('users', 'circuit').innerText()).toBe('closed');
    expect(await cell('users', 'calls').innerText()).toBe('0');

    // The graph: one node per source, one labelled edge per link.
    const svg = page.locator('#graph svg');
    await svg.waitFor();
    expect(await svg.locator('g.node').count()).toBe(4);
    expect(await svg.locator('g.edge path').count()).toBe(3);
    expect(await svg.locator('g[data-node="users"] .node-name').textContent()).toBe('users');
    const label = svg.locator('tspan[data-link="User.orders users"]');
    expect(await label.textContent()).toBe('User.orders');
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(300);

    // Queries made after the page loaded show up without reloading it.
    for (let index = 0; index < 3; index++) expect((await gateway.query(FAN_OUT)).body.data.users).toHaveLength(5);
    await expect.poll(() => cell('users', 'calls').innerText(), { timeout: 15_000 }).toBe('3');
    await expect.poll(() => label.textContent(), { timeout: 15_000 }).toBe('User.orders ×5.0');
    expect(await cell('users', 'callsPerSecond').innerText()).not.toBe('0.00/s');
    expect(await cell('users', 'p50Ms').innerText()).toMatch(/^\d+(\.\d+)? ms$/);
    expect(await page.locator('#links tr[data-link-row="User.orders users"] td[data-link-field="batches"]').innerText()).toBe('3');
    expect(dataRequests.length).toBeGreaterThan(0);
    // Still the page first loaded: patched in place.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);

    const file = join(shots, 'status.png');
    await page.screenshot({ path: file, fullPage: true });
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    // No CSP violation, script error or failed request.
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
