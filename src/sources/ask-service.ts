import type { HttpClient } from '../upstream/http-client.js';

/**
 * Sends one query to the service while its source loads (introspection, a subgraph's SDL) and
 * reads the JSON answer; `fail` turns what went wrong into the source's load error.
 */
export async function askService<Data>(
  client: HttpClient,
  headers: Record<string, string>,
  query: string,
  fail: (reason: string) => Error,
): Promise<{ payload: { data?: Data; errors?: Array<{ message?: string }> }; status: number }> {
  let answer;
  try {
    answer = await client.request({
      method: 'POST',
      path: '',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
      idempotent: true,
    });
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  try {
    return { payload: JSON.parse(answer.body.toString('utf8')), status: answer.status };
  } catch {
    throw fail(`HTTP ${answer.status}, body is not JSON`);
  }
}
