import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { DEMO_DOCUMENT } from '../../demo/graphiql-document.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../helpers/chromium.js';
import { startDemoGateway } from '../helpers/demo-project.js';
import type { TestGateway } from '../helpers/gateway.js';

const FAN_OUT = '{ users(limit: 50) { id name email orders { id quantity total product { id name price } } } }';
const WATCH = 'subscription { watchOrders(userId: "3", limit: 2) { id status product { name } } }';
const available = chromiumAvailable();

describe.skipIf(!available)('GraphiQL in a real browser', () => {
  let demo: DemoServices;
  let gateway: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemoServices(ANY_PORTS);
    gateway = await startDemoGateway({ env: demo.env, config: { graphiql: { defaultQuery: DEMO_DOCUMENT } } });
    // playwright gives the browser a fresh, empty profile of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await demo?.close();
  });

  it('opens GraphiQL, runs the demo fan-out query and shows its result', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`http://127.0.0.1:${gateway.server.port}/graphql?query=${encodeURIComponent(FAN_OUT)}`);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    const result = page.locator('.graphiql-response');
    // The editor renders spaces as no-break spaces; compare words, not bytes.
    const shown = async () => (await result.innerText()).replace(/\s+/g, ' ');
    await expect.poll(shown, { timeout: 30_000 }).toContain('"name": "Ada Lovelace"');
    const text = await shown();
    expect(text).toContain('"orders": [ { "id": "1", "quantity": 2, "total": "20216", "product": { "id": "8", "name": "Compact Notebook"');
    // Everything the page needs is served by the gateway itself: nothing was fetched from outside.
    expect(failed).toEqual([]);
    await page.close();
  }, 90_000);

  it('is a Plexus page that opens with the default document, ready to run', async () => {
    // Tall enough for the editor to render every line of the document.
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`http://127.0.0.1:${gateway.server.port}/graphql`);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('Plexus');
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toMatch(/^Plexus: /);
    // The query editor's lines, compared word by word (the editor renders spaces as no-break spaces).
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    const editor = async () => words(await page.locator('.graphiql-query-editor .view-lines').innerText());
    await expect.poll(editor, { timeout: 30_000 }).toBe(words(DEMO_DOCUMENT));
    await run.click();
    const shown = async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    await expect.poll(shown, { timeout: 30_000 }).toContain('"name": "Ada Lovelace"');
    expect(await shown()).toContain('"product": { "id": "8", "name": "Compact Notebook"');
    await page.close();
  }, 90_000);

  it('runs a subscription and shows its events as they arrive', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${gateway.server.port}/graphql?query=${encodeURIComponent(WATCH)}`);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    const shown = async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    // GraphiQL shows the latest event: the last of the two.
    await expect.poll(shown, { timeout: 30_000 }).toContain('"id": "12", "status": "ORDER_STATUS_DELIVERED"');
    expect(await shown()).not.toContain('errors');
    await page.close();
  }, 90_000);

  it('delivers a subscription to an EventSource, which sends no header of its own', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${gateway.server.port}/healthz`);
    const first = await page.evaluate(
      (query) =>
        new Promise<string>((resolve, reject) => {
          const source = new EventSource(`/graphql?query=${encodeURIComponent(query)}`);
          source.addEventListener('next', (event) => {
            source.close();
            resolve((event as MessageEvent<string>).data);
          });
          source.onerror = () => {
            source.close();
            reject(new Error('the event stream failed'));
          };
        }),
      WATCH,
    );
    expect(JSON.parse(first)).toEqual({ data: { watchOrders: { id: '11', status: 'ORDER_STATUS_SHIPPED', product: { name: expect.any(String) } } } });
    await page.close();
  }, 90_000);
});
