import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startRedisCluster } from '../helpers/redis-cluster.js';
import { sharedStateTests } from './shared-state.js';

const cluster = await startRedisCluster();
afterAll(() => cluster.close());

describe.skipIf(!cluster.available)('a Redis Cluster of three masters', () => {
  it('is what the tests run on: slots over three nodes', async () => {
    const client = cluster.client();
    const shards = (await client.cluster('SLOTS')) as unknown[];
    expect(shards).toHaveLength(3);
  });

  describe('shared by two gateway processes', () => {
    sharedStateTests(() => ({
      env: () => ({ PLEXUS_REDIS_CLUSTER: cluster.nodes.join(',') }),
      prefix: () => `plexus-test:${randomUUID()}:`,
    }));
  });
});
