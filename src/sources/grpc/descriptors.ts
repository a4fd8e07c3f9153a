import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { protoJsonName } from './names.js';
import { createImportResolver, bundledProtoDirs } from './proto-paths.js';

interface MessageDescriptor {
  name?: string;
  field?: { name?: string; jsonName?: string }[];
  nestedType?: MessageDescriptor[];
  options?: { mapEntry?: boolean };
}

interface FileDescriptor {
  name?: string;
  package?: string;
  dependency?: string[];
  messageType?: MessageDescriptor[];
  service?: { name?: string; method?: { name?: string; options?: Record<string, unknown> }[] }[];
}

/** The name and imports of one serialized FileDescriptorProto. */
export function describeFile(bytes: Uint8Array): { name: string; dependencies: string[] } {
  const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as FileDescriptor;
  return { name: file.name ?? '', dependencies: file.dependency ?? [] };
}

/**
 * Builds a root from serialized FileDescriptorProtos, as server reflection sends them.
 * Well-known files the server left out come from protobufjs's bundled copies.
 */
export function rootFromDescriptors(files: readonly Uint8Array[]): protobuf.Root {
  const decoded = files.map((bytes) => descriptor.FileDescriptorProto.decode(bytes));
  const held = new Set(decoded.map((file) => (file as unknown as FileDescriptor).name));
  const absent = decoded
    .flatMap((file) => (file as unknown as FileDescriptor).dependency ?? [])
    .filter((name) => !held.has(name) && name.startsWith('google/protobuf/'));
  const bundled = absent.length === 0 ? [] : toDescriptor(new protobuf.Root().loadSync([...new Set(absent)], { keepCase: true })).file;
  const fromDescriptor = (protobuf.Root as unknown as { fromDescriptor(set: protobuf.Message): protobuf.Root }).fromDescriptor;
  const root = fromDescriptor(descriptor.FileDescriptorSet.create({ file: [...decoded, ...bundled] }));
  copyBatchOptions(files, root);
  for (const file of decoded) restoreFields(root, (file as unknown as FileDescriptor).package ?? '', (file as unknown as FileDescriptor).messageType ?? []);
  root.resolveAll();
  return root;
}

function toDescriptor(root: protobuf.Root): { file: protobuf.Message[] } {
  return (root as unknown as { toDescriptor(edition: string): { file: protobuf.Message[] } }).toDescriptor('proto3');
}

/**
 * What protobufjs loses when it reads descriptors, put back as its .proto parser has it: map
 * fields (which it leaves as repeated entry messages) and custom `json_name`s.
 */
function restoreFields(root: protobuf.Root, scope: string, messages: readonly MessageDescriptor[]): void {
  for (const message of messages) {
    const name = scope ? `${scope}.${message.name}` : String(message.name);
    const type = root.lookup(name, [protobuf.Type]) as protobuf.Type | null;
    if (!type) continue;
    for (const nested of message.nestedType ?? []) {
      const entry = type.nested?.[nested.name ?? ''];
      if (!nested.options?.mapEntry || !(entry instanceof protobuf.Type)) continue;
      const key = entry.fieldsById[1];
      const value = entry.fieldsById[2];
      for (const field of type.fieldsArray.filter((candidate) => candidate.type === `.${name}.${nested.name}` || candidate.type === nested.name)) {
        type.remove(field);
        const map = new protobuf.MapField(field.name, field.id, key?.type ?? 'string', value?.type ?? 'string', field.options);
        type.add(map);
        // The root was resolved as a whole already and would not look at a field added since.
        map.resolve();
      }
      type.remove(entry);
    }
    for (const field of message.field ?? []) {
      const target = type.fields[field.name ?? ''];
      if (target && field.jsonName && field.jsonName !== protoJsonName(target.name)) target.setOption('json_name', field.jsonName);
    }
    restoreFields(
      root,
      name,
      (message.nestedType ?? []).filter((nested) => !nested.options?.mapEntry),
    );
  }
}

/**
 * protobufjs drops options it does not know when it reads descriptors, so `(plexus.batch)` is
 * read again with a descriptor type that knows the extension, and put where the .proto parser
 * would have put it.
 */
function copyBatchOptions(files: readonly Uint8Array[], root: protobuf.Root): void {
  const optionsRoot = new protobuf.Root();
  const resolver = createImportResolver(bundledProtoDirs());
  optionsRoot.resolvePath = (origin, target) => resolver.resolve(origin, target);
  optionsRoot.loadSync('plexus/options.proto');
  const FileDescriptorProto = optionsRoot.lookupType('google.protobuf.FileDescriptorProto');
  for (const bytes of files) {
    const file = FileDescriptorProto.toObject(FileDescriptorProto.decode(bytes)) as FileDescriptor;
    for (const service of file.service ?? []) {
      for (const method of service.method ?? []) {
        const batch = method.options?.['.plexus.batch'] as Record<string, string> | undefined;
        if (!batch) continue;
        const target = root.lookup([file.package, service.name].filter(Boolean).join('.'), [protobuf.Service]) as protobuf.Service | null;
        const rpc = target?.methods[method.name ?? ''];
        if (!rpc) continue;
        rpc.options = { ...rpc.options };
        for (const [key, value] of Object.entries(batch)) rpc.options[`(plexus.batch).${key}`] = value;
      }
    }
  }
}
