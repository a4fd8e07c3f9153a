import { startTestGateway, type StartTestGatewayOptions, type TestGateway } from './gateway.js';

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface Answer {
  status: number;
  /** The response body as sent, so that data, errors and their order are compared byte for byte. */
  body: string;
}

/**
 * Two gateways over the same sources: one with compiled or planned execution, one with the
 * standard executor. The same operation must get the same answer from both.
 */
export interface ExecutorPair {
  compiled: TestGateway;
  standard: TestGateway;
  /** Sends the operation to both gateways, one after the other. */
  ask(operation: Operation): Promise<{ compiled: Answer; standard: Answer }>;
  close(): Promise<void>;
}

/**
 * `compiled` runs with `execution` set to `compiledExecution`, `standard` with the standard executor
 * alone. By default the pair compares graphql-jit with the standard executor.
 */
export async function startExecutorPair(options: StartTestGatewayOptions, compiledExecution: Record<string, unknown> = { jit: true, planner: false }): Promise<ExecutorPair> {
  const config = options.config ?? {};
  const compiled = await startTestGateway({ ...options, config: { ...config, execution: compiledExecution } });
  const standard = await startTestGateway({ ...options, config: { ...config, execution: { planner: false } } }).catch(async (error: unknown) => {
    await compiled.close();
    throw error;
  });
  const post = async (gateway: TestGateway, operation: Operation): Promise<Answer> => {
    const response = await fetch(`${gateway.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(operation),
    });
    return { status: response.status, body: await response.text() };
  };
  return {
    compiled,
    standard,
    async ask(operation) {
      return { compiled: await post(compiled, operation), standard: await post(standard, operation) };
    },
    async close() {
      await Promise.all([compiled.close(), standard.close()]);
    },
  };
}
