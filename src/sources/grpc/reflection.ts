import { createRequire } from 'node:module';
import { status as Status, type Client, type ClientDuplexStream, type Metadata, type ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { describeFile, rootFromDescriptors } from './descriptors.js';
import { statusName } from './status-errors.js';

const require = createRequire(import.meta.url);

type Version = 'v1' | 'v1alpha';

interface ReflectionRequest {
  list_services?: string;
  file_containing_symbol?: string;
  file_by_filename?: string;
}

interface ReflectionResponse {
  file_descriptor_response?: { file_descriptor_proto?: Uint8Array[] };
  list_services_response?: { service?: { name: string }[] };
  error_response?: { error_code?: number; error_message?: string };
}

/** Services every reflecting server has, which are not the team's API. */
const INFRASTRUCTURE = /^grpc\.(reflection|health)\./;

export interface ReflectionOptions {
  client: Client;
  metadata: Metadata;
  /** Time for the whole exchange, in milliseconds. */
  timeoutMs: number;
}

/** Reads the service's schema through server reflection: v1, or v1alpha for servers that predate it. */
export async function loadByReflection(options: ReflectionOptions): Promise<protobuf.Root> {
  try {
    return await reflect('v1', options);
  } catch (error) {
    if ((error as ServiceError).code !== Status.UNIMPLEMENTED) throw error;
    return reflect('v1alpha', options);
  }
}

async function reflect(version: Version, options: ReflectionOptions): Promise<protobuf.Root> {
  const proto = new protobuf.Root().loadSync(require.resolve(`@grpc/reflection/build/proto/grpc/reflection/${version}/reflection.proto`), { keepCase: true });
  const Request = proto.lookupType(`grpc.reflection.${version}.ServerReflectionRequest`);
  const Response = proto.lookupType(`grpc.reflection.${version}.ServerReflectionResponse`);
  const call = options.client.makeBidiStreamRequest(
    `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
    (request: ReflectionRequest) => Buffer.from(Request.encode(Request.fromObject(request)).finish()),
    (bytes: Buffer) => Response.toObject(Response.decode(bytes)) as ReflectionResponse,
    options.metadata,
    { deadline: Date.now() + options.timeoutMs },
  );
  const ask = conversation(call);
  try {
    const listed = await ask({ list_services: '' });
    const services = (listed.list_services_response?.service ?? []).map((service) => service.name).filter((name) => !INFRASTRUCTURE.test(name));
    const files = new Map<string, Uint8Array>();
    const wanted: string[] = [];
    const take = (answer: ReflectionResponse) => {
      for (const bytes of answer.file_descriptor_response?.file_descriptor_proto ?? []) {
        const { name, dependencies } = describeFile(bytes);
        if (!files.has(name)) files.set(name, bytes);
        wanted.push(...dependencies);
      }
    };
    for (const service of services) take(await ask({ file_containing_symbol: service }));
    // Servers may send a file without its imports; ask for each one still missing.
    for (let name = wanted.shift(); name !== undefined; name = wanted.shift()) {
      if (files.has(name)) continue;
      const answer = await ask({ file_by_filename: name });
      if (answer.error_response && name.startsWith('google/protobuf/')) continue;
      take(answer);
    }
    const root = rootFromDescriptors([...files.values()]);
    keepServices(root, new Set(services));
    return root;
  } finally {
    call.end();
  }
}

/** One request at a time; the server answers each in order. A reflection error becomes a rejected answer. */
function conversation(call: ClientDuplexStream<ReflectionRequest, ReflectionResponse>): (request: ReflectionRequest) => Promise<ReflectionResponse> {
  const waiting: { resolve(answer: ReflectionResponse): void; reject(error: unknown): void }[] = [];
  let failure: Error | undefined;
  call.on('data', (answer: ReflectionResponse) => waiting.shift()?.resolve(answer));
  call.on('error', (error: Error) => {
    failure = error;
    for (const pending of waiting.splice(0)) pending.reject(error);
  });
  call.on('end', () => {
    failure ??= new Error('the server closed the reflection stream');
    for (const pending of waiting.splice(0)) pending.reject(failure);
  });
  return (request) =>
    new Promise<ReflectionResponse>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      waiting.push({
        resolve(answer) {
          const error = answer.error_response;
          if (error && !request.file_by_filename) {
            reject(new Error(`reflection answered ${statusName(error.error_code)}: ${error.error_message ?? ''} (for ${JSON.stringify(request)})`));
          } else resolve(answer);
        },
        reject,
      });
      call.write(request);
    });
}

/** Only the services the server lists are its API; others came along in the files it imports. */
function keepServices(root: protobuf.Root, listed: ReadonlySet<string>): void {
  const visit = (namespace: protobuf.NamespaceBase) => {
    for (const nested of [...namespace.nestedArray]) {
      if (nested instanceof protobuf.Service && !listed.has(nested.fullName.slice(1))) namespace.remove(nested);
      else if (nested instanceof protobuf.Namespace && !(nested instanceof protobuf.Type)) visit(nested);
    }
  };
  visit(root);
}
