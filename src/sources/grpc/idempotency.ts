import type protobuf from 'protobufjs';

// google.protobuf.MethodOptions.IdempotencyLevel: the .proto parser keeps the name, a descriptor may carry the number.
const RETRY_SAFE = new Set<unknown>(['NO_SIDE_EFFECTS', 'IDEMPOTENT', 1, 2]);

/**
 * Whether an RPC may be called again after a failure: `option idempotency_level = IDEMPOTENT;` or
 * `NO_SIDE_EFFECTS` in the .proto, unless `operations.<rpc>.idempotent` in source.yaml says otherwise.
 * The RPC's name (GetX, ListX) is no promise, so it does not count.
 */
export function isIdempotent(method: protobuf.Method, override: boolean | undefined): boolean {
  return override ?? RETRY_SAFE.has(method.options?.['idempotency_level']);
}
