import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

/** A logger whose JSON lines the test can read. */
export function capturedLogger(): { logger: Logger; records(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'info' }, stream), records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Polls `read` until `wanted` holds, for at most `timeoutMs`; throws with the last value otherwise. */
export async function waitFor<T>(read: () => Promise<T> | T, wanted: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (wanted(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface Outcome {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] } | undefined;
  /** Set when the request itself failed (connection refused or reset). */
  failure?: string;
}

export interface SteadyLoad {
  /** Requests answered so far. */
  completed(): number;
  /** Stops sending, waits for the requests in flight and returns every outcome. */
  stop(): Promise<Outcome[]>;
}

/** `concurrency` loops, each sending the next request as soon as the previous one is answered. */
export function steadyLoad(send: () => Promise<Outcome>, concurrency: number): SteadyLoad {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) outcomes.push(await send().catch((error: unknown) => ({ status: 0, body: undefined, failure: String(error) })));
  });
  return {
    completed: () => outcomes.length,
    async stop() {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

/** POSTs a GraphQL query over real HTTP. */
export async function postQuery(url: string, query: string): Promise<Outcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as Outcome['body'] };
}

/** Outcomes that are not a 200 with data and no errors. */
export function failedOutcomes(outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter(
    (outcome) => outcome.status !== 200 || outcome.failure !== undefined || (outcome.body?.errors?.length ?? 0) > 0 || !outcome.body?.data,
  );
}
