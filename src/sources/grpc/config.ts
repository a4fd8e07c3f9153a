import { z } from 'zod';
import { baseSourceSchema } from '../../config/source-config.js';
import { GRPC_METADATA_VALUE } from '../../upstream/header-rules.js';
import { parseEndpoint } from './channel.js';

const graphqlName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a valid GraphQL name');

/** RPC name prefixes that make a unary RPC a Query field; every other unary RPC is a Mutation. */
export const DEFAULT_QUERY_PREFIXES = ['Get', 'List', 'Batch', 'Find', 'Search', 'Lookup', 'Read', 'Count'];

const tlsSchema = z.union([
  z.literal(true),
  z
    .strictObject({
      /** CA certificate(s) that sign the server's certificate: a PEM file in the source folder, or PEM text. Default: the system roots. */
      ca: z.string().min(1).optional(),
      /** Client certificate for mutual TLS (PEM file or text). Requires `key`. */
      cert: z.string().min(1).optional(),
      /** Private key of the client certificate (PEM file or text). Requires `cert`. */
      key: z.string().min(1).optional(),
      /** Host name expected in the server's certificate, when it differs from the endpoint's host. */
      serverName: z.string().min(1).optional(),
    })
    .refine((tls) => (tls.cert === undefined) === (tls.key === undefined), 'tls.cert and tls.key go together (mutual TLS needs both)'),
]);

const operationOverride = z.strictObject({
  /** Where a unary RPC appears. Default: by `queryPrefixes`. Server-streaming RPCs are always Subscription fields. */
  rootType: z.enum(['Query', 'Mutation']).optional(),
  /** The root field's name. Default: the RPC name with its first letter lower-cased. */
  field: graphqlName.optional(),
  /** A unary RPC that may be retried after a failure of the service (or, `false`, one that may not). Default: from the RPC's `idempotency_level` option (IDEMPOTENT or NO_SIDE_EFFECTS). */
  idempotent: z.boolean().optional(),
});

export type OperationOverride = z.output<typeof operationOverride>;

/** `source.yaml` of a gRPC service. */
const grpcSourceObject = baseSourceSchema.extend({
  kind: z.literal('grpc'),
  /**
   * Where the service listens: `host:port` (`orders:50051`, `127.0.0.1:4102`), a gRPC target name
   * (`dns:///orders:50051`, `unix:///run/orders.sock`), or a URL: `grpc://host:port` (plaintext),
   * `grpcs://host:port` (TLS). Plaintext unless the scheme or `tls` says otherwise.
   */
  endpoint: z.string().superRefine((value, ctx) => {
    const parsed = parseEndpoint(value);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  }),
  /** Extra folders searched for `import`s, relative to the source folder, after the folder itself. Default none. */
  includeDirs: z.array(z.string().min(1)).default([]),
  /** TLS for the channel: `true` for the system roots, or files for a private CA and mutual TLS. Default: plaintext unless the endpoint is `grpcs://` or `https://`. */
  tls: tlsSchema.optional(),
  /** RPC name prefixes that make a unary RPC a Query field (matched at a word boundary). Default: Get, List, Batch, Find, Search, Lookup, Read, Count. */
  queryPrefixes: z.array(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'a prefix is a capitalised word such as Get')).default(DEFAULT_QUERY_PREFIXES),
  /** Per-RPC overrides, keyed by RPC name (`GetOrder`) or full name (`orders.v1.OrderService/GetOrder`). Default none. */
  operations: z.record(z.string().min(1), operationOverride).default({}),
  /** `package`: type names carry their proto package (`OrdersV1Order`); `short`: the bare message name (`Order`), an error when two packages clash. Default `package`. */
  typeNames: z.enum(['package', 'short']).default('package'),
  /** `entries`: a proto map is a list of `{ key, value }`; `json`: a JSON object. Default `entries`. */
  maps: z.enum(['entries', 'json']).default('entries'),
  /**
   * Largest message accepted from the service, in bytes; also the most bytes of uploaded files
   * read into one request message (`bytes` fields take uploads). Default 4 MiB (gRPC's own default).
   */
  maxMessageBytes: z
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
});

// gRPC metadata keys are narrower than HTTP header names, and text values are ASCII only.
const METADATA_KEY = /^[0-9a-z_.-]+$/;

/** `source.yaml` of a gRPC service; `headers` are checked against what gRPC metadata can carry, so a bad one is a load error, not a failed call. */
export const grpcSourceSchema = grpcSourceObject.superRefine(({ headers }, ctx) => {
  const names: Array<[string, (string | number)[]]> = [
    ...headers.forward.map((name, index): [string, (string | number)[]] => [name, ['headers', 'forward', index]]),
    ...Object.keys(headers.set).map((name): [string, (string | number)[]] => [name, ['headers', 'set', name]]),
    ...Object.keys(headers.claims).map((name): [string, (string | number)[]] => [name, ['headers', 'claims', name]]),
  ];
  for (const [name, path] of names) {
    if (!METADATA_KEY.test(name))
      ctx.addIssue({ code: 'custom', path, message: `"${name}" is not a valid gRPC metadata key (lower-case letters, digits, "_", "-" and ".")` });
  }
  for (const [name, value] of Object.entries(headers.set)) {
    if (!name.endsWith('-bin') && !GRPC_METADATA_VALUE.test(value)) {
      ctx.addIssue({ code: 'custom', path: ['headers', 'set', name], message: `not a valid gRPC metadata value: use only ${GRPC_METADATA_VALUE.allowed}` });
    }
  }
});

export type GrpcSourceConfig = z.output<typeof grpcSourceSchema>;
export type GrpcTlsConfig = NonNullable<GrpcSourceConfig['tls']>;
