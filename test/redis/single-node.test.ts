import { afterAll, describe } from 'vitest';
import { testRedis } from '../helpers/redis.js';
import { sharedStateTests } from './shared-state.js';

const redis = await testRedis();
afterAll(() => redis.cleanUp());

describe.skipIf(!redis.available)('one Redis shared by two gateway processes', () => {
  sharedStateTests(() => ({ env: () => ({ REDIS_URL: redis.url }), prefix: () => redis.prefix() }));
});
