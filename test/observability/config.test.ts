import { configFailure, loadConfigFrom as load } from '../helpers/config.js';
import { describe, expect, it } from 'vitest';

const failure = configFailure;

describe('logging and tracing configuration', () => {
  it('logs requests at info and traces nothing by default', async () => {
    const config = await load(undefined);
    expect(config.logging).toEqual({ level: 'info', requests: true });
    expect(config.tracing).toEqual({ enabled: false, endpoint: 'http://localhost:4318/v1/traces', serviceName: 'plexus', sampleRatio: 1 });
  });

  it('turns tracing on with an endpoint, adding /v1/traces to a base URL', async () => {
    expect((await load('tracing:\n  endpoint: http://collector:4318\n')).tracing).toMatchObject({ enabled: true, endpoint: 'http://collector:4318/v1/traces' });
    expect((await load('tracing:\n  endpoint: https://otlp.example.com/otlp/\n')).tracing.endpoint).toBe('https://otlp.example.com/otlp/v1/traces');
    expect((await load('tracing:\n  endpoint: http://collector:4318/v1/traces\n')).tracing.endpoint).toBe('http://collector:4318/v1/traces');
    expect((await load('tracing:\n  enabled: false\n  endpoint: http://collector:4318\n')).tracing.enabled).toBe(false);
    expect((await load('tracing:\n  enabled: true\n')).tracing).toMatchObject({ enabled: true, endpoint: 'http://localhost:4318/v1/traces' });
  });

  it('reads the environment, the Plexus variable winning over the OpenTelemetry one', async () => {
    const config = await load(undefined, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
      OTEL_SERVICE_NAME: 'edge-gateway',
      PLEXUS_TRACING_SAMPLE_RATIO: '0.25',
      PLEXUS_LOG_LEVEL: 'warn',
      PLEXUS_LOG_REQUESTS: 'false',
    });
    expect(config.tracing).toEqual({ enabled: true, endpoint: 'http://otel:4318/v1/traces', serviceName: 'edge-gateway', sampleRatio: 0.25 });
    expect(config.logging).toEqual({ level: 'warn', requests: false });
    const both = await load(undefined, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
      PLEXUS_TRACING_ENDPOINT: 'http://plexus-collector:4318',
      PLEXUS_TRACING_ENABLED: 'false',
    });
    expect(both.tracing).toMatchObject({ enabled: false, endpoint: 'http://plexus-collector:4318/v1/traces' });
  });

  it('names the key or variable of a wrong value', async () => {
    expect(await failure('tracing:\n  sampleRatio: 2\n')).toMatch(/gateway\.yaml:2.*sampleRatio/s);
    expect(await failure('tracing:\n  endpoint: grpc://collector:4317\n')).toMatch(/tracing\.endpoint.*http\(s\) URL/s);
    expect(await failure(undefined, { PLEXUS_TRACING_ENDPOINT: 'not a url' })).toMatch(/PLEXUS_TRACING_ENDPOINT/);
    expect(await failure('tracing:\n  exporter: zipkin\n')).toMatch(/exporter/);
  });
});
