import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES } from '../sources/grpc/support/kitchen.js';
import { runGrpcLive, summarize, type ProtoSet } from './grpc-harness.js';

const require = createRequire(import.meta.url);
const GOOGLE_PROTOS = dirname(require.resolve('google-proto-files/package.json'));

// The kitchen sink has every scalar, well-known type and map key type; the published APIs add
// what real services do (deep messages, recursive types, oneofs, long-running operations, server
// streams, a map<uint64, ...> in Dataflow). Language has only mutations, which a gateway serves
// next to the others' queries.
const SETS: ProtoSet[] = [
  { name: 'kitchen', files: ['kitchen.proto'], includeDirs: [join(FIXTURES, 'kitchen')] },
  ...[
    ['pubsub', 'google/pubsub/v1/pubsub.proto'],
    ['firestore', 'google/firestore/v1/firestore.proto'],
    ['spanner', 'google/spanner/v1/spanner.proto'],
    ['language', 'google/cloud/language/v1/language_service.proto'],
    ['kms', 'google/cloud/kms/v1/service.proto'],
    ['bigtable', 'google/bigtable/v2/bigtable.proto'],
    // Firestore and Spanner both have Commit, Rollback and more: each published API's root fields carry its name.
  ].map(([name, file]): ProtoSet => ({ name: name!, files: [file!], includeDirs: [GOOGLE_PROTOS], rootPrefix: name! })),
  // Its map<uint64, HotKeyInfo> is seven messages down an answer.
  { name: 'dataflow', files: ['google/dataflow/v1beta3/metrics.proto'], includeDirs: [GOOGLE_PROTOS], rootPrefix: 'dataflow', depth: 8 },
];

describe.each(['entries', 'json'] as const)('maps: %s', (maps) => {
  test('every unary and server-streaming RPC sends the request it was given and answers the values the service sent', async () => {
    const results = await runGrpcLive(SETS, { maps });
    const summary = summarize(results);
    expect(results.filter((result) => result.cause && result.cause !== 'not mapped')).toEqual([]);
    expect(summary.ok).toBe(summary.tested);
    // Enough to be a real test: the kitchen's RPCs and the published APIs' are all there.
    expect(summary.tested).toBeGreaterThanOrEqual(100);
    expect(results.filter((result) => result.kind === 'server-streaming').map((result) => result.rpc)).toEqual(
      expect.arrayContaining(['kitchen.v1.KitchenService/Tail', 'google.bigtable.v2.Bigtable/ReadRows', 'google.spanner.v1.Spanner/ExecuteStreamingSql']),
    );
    // Client and bidirectional streams are the only RPCs left out, as docs/grpc.md says.
    expect(results.filter((result) => result.cause === 'not mapped')).toEqual(
      results
        .filter((result) => result.kind === 'client-streaming' || result.kind === 'bidirectional-streaming')
        .map((result) => ({ ...result, cause: 'not mapped' })),
    );
    expect(results.find((result) => result.rpc === 'kitchen.v1.KitchenService/Upload')).toMatchObject({ cause: 'not mapped' });
  });
});
