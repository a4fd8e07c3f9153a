// Reading incremental delivery (`@defer`, `@stream`) as a client does: the parts of a
// multipart/mixed answer, and the response they add up to.

export interface Payload {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number> }>;
  incremental?: Array<{
    data?: Record<string, unknown> | null;
    items?: unknown[] | null;
    path: Array<string | number>;
    label?: string;
    errors?: Payload['errors'];
  }>;
  hasNext?: boolean;
}

/** The JSON bodies of a multipart/mixed answer, in order. */
export function multipartPayloads(body: string, contentType: string): Payload[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`not a multipart answer: ${contentType}`);
  return body
    .split(`--${boundary}`)
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== '--')
    .map((part) => JSON.parse(part.slice(part.indexOf('{'))) as Payload);
}

/** Posts an operation asking for multipart/mixed and returns its payloads. */
export async function postIncremental(url: string, query: string, variables?: Record<string, unknown>): Promise<Payload[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify({ query, variables }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (!contentType.startsWith('multipart/mixed')) return [{ ...(JSON.parse(text) as Payload), hasNext: false }];
  return multipartPayloads(text, contentType);
}

/** The response the payloads add up to: each deferred fragment's data merged in at its path, streamed items placed at theirs. */
export function mergePayloads(payloads: readonly Payload[]): { data: unknown; errors: NonNullable<Payload['errors']> } {
  const [first, ...rest] = payloads;
  const data = structuredClone(first?.data ?? null);
  const errors = [...(first?.errors ?? [])];
  for (const payload of rest) {
    for (const entry of payload.incremental ?? []) {
      errors.push(...(entry.errors ?? []));
      if (entry.items !== undefined) {
        // Items land at their index, merged with what an earlier payload may already hold there (the list selected twice).
        const list = at(data, entry.path.slice(0, -1)) as unknown[] | null;
        const start = entry.path[entry.path.length - 1] as number;
        entry.items?.forEach((item, offset) => {
          const existing = list?.[start + offset];
          if (existing && item && typeof existing === 'object' && typeof item === 'object')
            deepMerge(existing as Record<string, unknown>, item as Record<string, unknown>);
          else if (list) list[start + offset] = item;
        });
      } else if (entry.data) {
        const target = at(data, entry.path);
        if (target) deepMerge(target as Record<string, unknown>, entry.data);
      }
    }
  }
  return { data, errors };
}

function at(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const step of path) current = current === null || current === undefined ? current : (current as Record<string | number, unknown>)[step];
  return current;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (existing && value && typeof existing === 'object' && typeof value === 'object' && !Array.isArray(value))
      deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>);
    else if (Array.isArray(existing) && Array.isArray(value))
      value.forEach((item, index) =>
        existing[index] && item && typeof item === 'object'
          ? deepMerge(existing[index] as Record<string, unknown>, item as Record<string, unknown>)
          : (existing[index] = item),
      );
    else target[key] = value;
  }
}
