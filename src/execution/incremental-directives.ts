import { BREAK, visit, type DocumentNode } from 'graphql';

// `@defer` and `@stream` are delivered by the gateway itself, and only to clients that read
// incremental answers; every other client, and every source, gets documents without them.

const INCREMENTAL = new Set(['defer', 'stream']);
const uses = new WeakMap<DocumentNode, boolean>();
const stripped = new WeakMap<DocumentNode, DocumentNode>();

/** Whether the document uses `@defer` or `@stream` anywhere. */
export function usesIncrementalDirectives(document: DocumentNode): boolean {
  let found = uses.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Directive(node) {
        if (!INCREMENTAL.has(node.name.value)) return undefined;
        found = true;
        return BREAK;
      },
    });
    uses.set(document, found);
  }
  return found;
}

/** The document without `@defer` and `@stream` (the same object when it has none): the answer comes in one payload. */
export function withoutIncrementalDirectives(document: DocumentNode): DocumentNode {
  if (!usesIncrementalDirectives(document)) return document;
  let result = stripped.get(document);
  if (!result) {
    result = visit(document, { Directive: (node) => (INCREMENTAL.has(node.name.value) ? null : undefined) });
    stripped.set(document, result);
  }
  return result;
}

/** Whether the client reads incremental answers: multipart/mixed or an event stream. */
export function acceptsIncrementalDelivery(context: unknown): boolean {
  const accept = (context as { request?: { headers?: { get?(name: string): string | null } } } | undefined)?.request?.headers?.get?.('accept') ?? '';
  return /multipart\/mixed|text\/event-stream/i.test(accept);
}
