/** One server-sent event of a GraphQL over SSE response. */
export interface SseEvent {
  event: string;
  data: any;
}

/** POSTs a subscription with `accept: text/event-stream` and collects events until `complete` or `limit`. */
export async function subscribe(
  url: string,
  query: string,
  options: {
    variables?: Record<string, unknown>;
    limit?: number;
    headers?: Record<string, string>;
    signal?: AbortSignal;
    onEvent?: (event: SseEvent) => void | Promise<void>;
  } = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort());
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...options.headers },
    body: JSON.stringify({ query, ...(options.variables && { variables: options.variables }) }),
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.replace(/^data: ?/, ''))
          .join('\n');
        if (!event) continue;
        events.push({ event, data: data ? JSON.parse(data) : undefined });
        await options.onEvent?.(events.at(-1)!);
        if (event === 'complete' || (options.limit !== undefined && events.filter((item) => item.event === 'next').length >= options.limit)) {
          controller.abort();
          return events;
        }
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return events;
}
