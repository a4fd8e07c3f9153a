// A typed client call, as a frontend would write it: the result type comes from codegen.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { ProductWithStockDocument } from './generated/graphql.js';

export async function request<Result, Variables>(url: string, document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

/** The name and stock of one product; `available` is typed as number | undefined by codegen. */
export async function productSummary(url: string, id: string): Promise<string> {
  const data = await request(url, ProductWithStockDocument, { id });
  return `${data.product?.name ?? 'unknown'}: ${data.stock?.available ?? 0} in stock`;
}

/**
 * The same call as a mobile client makes it against a gateway in trusted-documents mode: only the
 * document's id travels (codegen puts it on the document, and the id to document map in
 * generated/persisted-documents.json), by GET, so HTTP caches on the way can answer repeats.
 */
export async function persistedRequest<Result, Variables>(url: string, document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
  const documentId = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!documentId) throw new Error('the document has no persisted id: run `npm run codegen`');
  const search = new URLSearchParams({ documentId, variables: JSON.stringify(variables) });
  // A GET needs a header a cross-site form cannot send (CSRF prevention).
  const response = await fetch(`${url}?${search}`, { headers: { accept: 'application/json', 'x-plexus-csrf': '1' } });
  const body = (await response.json()) as { data?: Result; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}
