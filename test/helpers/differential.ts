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
 * Two gateways over the same sources: one executing through the query planner (the default), one
 * with graphql-js's standard executor alone. The same operation must get the same answer from both.
 */
export interface ExecutorPair {
  planned: TestGateway;
  standard: TestGateway;
  /** Sends the operation to both gateways, one after the other. */
  ask(operation: Operation): Promise<{ planned: Answer; standard: Answer }>;
  close(): Promise<void>;
}

export async function startExecutorPair(options: StartTestGatewayOptions): Promise<ExecutorPair> {
  const config = options.config ?? {};
  const planned = await startTestGateway({ ...options, config });
  const standard = await startTestGateway({ ...options, config: { ...config, execution: { planner: false } } }).catch(async (error: unknown) => {
    await planned.close();
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
    planned,
    standard,
    async ask(operation) {
      return { planned: await post(planned, operation), standard: await post(standard, operation) };
    },
    async close() {
      await Promise.all([planned.close(), standard.close()]);
    },
  };
}
