import { describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/describe-config.js';
import { resolveGatewayConfig } from '../../src/config/load-gateway-config.js';
import { ConfigurationError } from '../../src/config/problems.js';
import { configVersion } from '../../src/config/reloaded-config.js';
import { testConfig } from '../helpers/gateway.js';

const TOKEN = 'a-status-token-of-some-length';

const resolve = (env: Record<string, string>) => resolveGatewayConfig({ path: '/nonexistent/gateway.yaml', displayPath: 'gateway.yaml', required: false, env });

describe('status configuration', () => {
  it('is off by default and turned on by PLEXUS_STATUS_ENABLED, the token redacted by plexus config', async () => {
    expect((await resolve({})).config.status).toEqual({ enabled: false, window: 300_000, refresh: 2_000 });
    const { config, origins } = await resolve({ PLEXUS_STATUS_ENABLED: 'true', PLEXUS_STATUS_TOKEN: TOKEN, PLEXUS_STATUS_WINDOW: '2m' });
    expect(config.status).toEqual({ enabled: true, token: TOKEN, window: 120_000, refresh: 2_000 });
    const entries = describeConfig(config, origins);
    expect(entries.find((entry) => entry.key === 'status.token')).toEqual({ key: 'status.token', value: '[redacted]', origin: 'env PLEXUS_STATUS_TOKEN' });
    expect(entries.find((entry) => entry.key === 'status.window')).toEqual({ key: 'status.window', value: '2m', origin: 'env PLEXUS_STATUS_WINDOW' });
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
  });

  it('names the key of a short token, a window out of bounds and a refresh too quick', async () => {
    const error = await resolve({ PLEXUS_STATUS_TOKEN: 'short', PLEXUS_STATUS_WINDOW: '10s', PLEXUS_STATUS_REFRESH: '100ms' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    const messages = (error as ConfigurationError).problems.map((problem) => `${problem.file}: ${problem.message}`).join('\n');
    expect(messages).toContain('environment variable PLEXUS_STATUS_TOKEN');
    expect(messages).toContain('at least 16 characters');
    expect(messages).toContain('expected a window from 30s to 1h');
    expect(messages).toContain('expected a refresh interval of at least 500ms');
    expect(messages).not.toContain('short');
  });

  it('gives the configuration a short version that changes with a value, not with a secret', () => {
    const base = configVersion(testConfig({ status: { enabled: true, token: TOKEN } }));
    expect(base).toMatch(/^[0-9a-f]{12}$/);
    expect(configVersion(testConfig({ status: { enabled: true, token: TOKEN } }))).toBe(base);
    expect(configVersion(testConfig({ status: { enabled: true, token: `${TOKEN}-other` } }))).toBe(base);
    expect(configVersion(testConfig({ status: { enabled: true, token: TOKEN }, limits: { maxDepth: 3 } }))).not.toBe(base);
  });
});
