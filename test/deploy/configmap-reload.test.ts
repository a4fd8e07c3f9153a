import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lstat, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';
import { watchProject, type ProjectWatcher } from '../../src/server/watch-project.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { capturedLogger, waitFor } from '../helpers/operations.js';
import { configMapFiles, publishConfigMapVolume } from './configmap-volume.js';
import { manifestOf, readManifests } from './deploy-files.js';

// The Deployment runs `start --watch` over a ConfigMap volume. The kubelet never edits a file in
// place there: it swaps a symlink and deletes the old folder. These tests apply ConfigMap edits the
// kubelet's way and check that the gateway's watcher reloads the schema each time.

const manifests = readManifests();
const configMap = manifestOf(manifests, 'ConfigMap', 'plexus-project');
const volume = manifestOf(manifests, 'Deployment', 'plexus')['spec'].template.spec.volumes.find((entry: any) => entry.name === 'project');
const FILES = configMapFiles(configMap['data'], volume.configMap.items);
const FAN_OUT = '{ users(limit: 3) { id orders { id product { name } } } }';

let demo: DemoServices;
let dir: string;
let gateway: TestGateway;
let watcher: ProjectWatcher;
let version = 0;

beforeAll(async () => {
  demo = await startDemoServices(ANY_PORTS);
  dir = await mkdtemp(join(tmpdir(), 'plexus-configmap-'));
  await publishConfigMapVolume(dir, FILES, ++version);
  const log = capturedLogger();
  gateway = await startTestGateway({ sourcesDir: join(dir, 'sources'), schemasDir: join(dir, 'schemas'), cwd: dir, env: demo.env, logger: log.logger });
  watcher = watchProject({
    sourcesDir: join(dir, 'sources'),
    schemasDir: join(dir, 'schemas'),
    cwd: dir,
    debounceMs: 100,
    logger: log.logger,
    onChange: () => void gateway.gateway.reload(),
  });
  await watcher.ready;
});
afterAll(async () => {
  await watcher?.close();
  await gateway?.close();
  await demo?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const calls = () => ({ users: demo.services.users.requests, orders: demo.services.orders.requests, products: demo.services.products.requests });

describe('hot reload from a ConfigMap volume', () => {
  it('lays the volume out as the kubelet does', async () => {
    expect((await lstat(join(dir, 'sources'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, 'sources'))).toBe(join('..data', 'sources'));
    expect((await lstat(join(dir, '..data'))).isSymbolicLink()).toBe(true);
  });

  it('reloads on every ConfigMap update: links removed, then restored', async () => {
    const before = calls();
    const linked = await gateway.query(FAN_OUT);
    expect(linked.body.errors).toBeUndefined();
    expect(linked.body.data.users).toHaveLength(3);
    expect(linked.body.data.users[0].orders[0].product.name).toEqual(expect.any(String));
    // One call per service, counted by the services themselves.
    expect(calls()).toEqual({ users: before.users + 1, orders: before.orders + 1, products: before.products + 1 });

    const { 'schemas/links.graphql': _links, ...withoutLinks } = FILES;
    await publishConfigMapVolume(dir, withoutLinks, ++version);
    const unlinked = await waitFor(
      () => gateway.query(FAN_OUT),
      (outcome) => outcome.body.errors !== undefined,
    );
    expect(JSON.stringify(unlinked.body.errors)).toContain('Cannot query field \\"orders\\" on type \\"User\\"');

    await publishConfigMapVolume(dir, FILES, ++version);
    const relinked = await waitFor(
      () => gateway.query(FAN_OUT),
      (outcome) => outcome.body.errors === undefined,
    );
    expect(relinked.body.data).toEqual(linked.body.data);
  });

  it('adds and removes a source folder with the ConfigMap', async () => {
    const { 'sources/inventory/source.yaml': inventoryConfig, 'sources/inventory/schema.graphql': inventorySchema, ...withoutInventory } = FILES;
    expect(inventoryConfig && inventorySchema).toBeTruthy();
    const stock = '{ __type(name: "Query") { fields { name } } }';
    const fieldsOf = async () => ((await gateway.query(stock)).body.data.__type.fields as { name: string }[]).map((field) => field.name);
    const all = await fieldsOf();

    await publishConfigMapVolume(dir, withoutInventory, ++version);
    const fewer = await waitFor(fieldsOf, (fields) => fields.length < all.length);
    expect(all.filter((field) => !fewer.includes(field)).length).toBeGreaterThan(0);

    await publishConfigMapVolume(dir, FILES, ++version);
    expect(await waitFor(fieldsOf, (fields) => fields.length === all.length)).toEqual(all);
  });
});
