import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries `Bearer <token>`. Both sides are hashed first, so the
 * comparison takes the same time whatever the length or content of what was sent.
 */
export function carriesBearerToken(header: string | null, token: string): boolean {
  const match = header === null ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  const sent = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const wanted = createHash('sha256').update(token).digest();
  return timingSafeEqual(sent, wanted) && match !== null;
}
