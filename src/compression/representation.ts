// What compression changes about an answer's headers, shared by the yoga plugin and the cache fast path.

/** Media types worth compressing: text, JSON, JavaScript, SVG and the multipart of incremental delivery. */
export function isCompressible(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/javascript' ||
    type === 'image/svg+xml' ||
    type === 'multipart/mixed'
  );
}

/** Answers that go out event by event and must not wait for their end: SSE and multipart. */
export function isEventStream(contentType: string | null | undefined): boolean {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  return type === 'text/event-stream' || type === 'multipart/mixed';
}

/**
 * A compressed answer is another representation of the same content: its validator turns weak, so
 * that no cache mistakes its bytes for the uncompressed ones, while `If-None-Match` (compared
 * weakly) still finds it current.
 */
export function weakEtag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}

/** The `Vary` value with `Accept-Encoding` added once. */
export function varyWithAcceptEncoding(vary: string | null | undefined): string {
  if (!vary) return 'Accept-Encoding';
  const names = vary.split(',').map((name) => name.trim().toLowerCase());
  return names.includes('accept-encoding') || names.includes('*') ? vary : `${vary}, Accept-Encoding`;
}
