import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Where google-proto-files keeps Google's published protos (and the google/protobuf well-known types). */
export const GOOGLE_PROTOS = dirname(require.resolve('google-proto-files/package.json'));
const HEALTH_PROTOS = join(dirname(require.resolve('grpc-health-check/package.json')), 'proto');
const REFLECTION_PROTOS = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto');

// Real, published APIs: unary and server-streaming RPCs, client/bidi streams, maps, oneofs,
// well-known types, google.api annotations and resource options, long-running operations.
export const PUBLIC_PROTOS: Array<[root: string, file: string]> = [
  ...[
    'google/pubsub/v1/pubsub.proto',
    'google/longrunning/operations.proto',
    'google/cloud/language/v1/language_service.proto',
    'google/firestore/v1/firestore.proto',
    'google/spanner/v1/spanner.proto',
    'google/bigtable/v2/bigtable.proto',
    'google/datastore/v1/datastore.proto',
    'google/logging/v2/logging.proto',
    'google/cloud/kms/v1/service.proto',
    'google/iam/v1/iam_policy.proto',
    'google/cloud/speech/v1/cloud_speech.proto',
    'google/cloud/translate/v3/translation_service.proto',
    'google/storage/v2/storage.proto',
    'google/cloud/tasks/v2/cloudtasks.proto',
    'google/monitoring/v3/metric_service.proto',
    'google/cloud/secretmanager/v1/service.proto',
  ].map((file): [string, string] => [GOOGLE_PROTOS, file]),
  [HEALTH_PROTOS, 'health/v1/health.proto'],
  [REFLECTION_PROTOS, 'grpc/reflection/v1/reflection.proto'],
  [REFLECTION_PROTOS, 'grpc/reflection/v1alpha/reflection.proto'],
];
