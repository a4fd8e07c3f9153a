import { isRecord } from './document.js';

/**
 * Where a Swagger 2.0 schema that came from another file keeps the name it had there. Conversion
 * to OpenAPI 3 copies the document, so the name has to travel inside the schema.
 */
export const FILE_NAME_KEY = 'x-plexus-name';

/** Pointer segments under which a `$ref` target is a named definition, so its last segment is a name. */
const DEFINITION_CONTAINERS = new Set(['schemas', 'definitions', '$defs', 'components']);

/**
 * What the dereferenced document no longer says by itself: the name under which a schema was
 * declared (`components.schemas` key, or the target of the `$ref` that led to it), and for a
 * `$ref` that carried sibling keys (which the dereferencer turns into a fresh copy) the schema it
 * copies, so that both map to one GraphQL type.
 */
export class SchemaIndex {
  private readonly componentNames = new WeakMap<object, string>();
  private readonly referenceNames = new WeakMap<object, string>();
  private readonly originals = new WeakMap<object, object>();
  private pending: Array<{ ref: string; value: object }> = [];

  /** Called for every `$ref` replaced while dereferencing. */
  noteReference(ref: string, value: unknown): void {
    if (!isRecord(value)) return;
    this.pending.push({ ref, value });
    if (!this.referenceNames.has(value)) {
      const name = nameOfReference(ref);
      if (name !== undefined) this.referenceNames.set(value, name);
    }
  }

  /** After dereferencing: links each copy made for a `$ref` with sibling keys to the schema it copies. */
  settleReferences(resolveReference: (ref: string) => unknown): void {
    const targets = new Map<string, unknown>();
    for (const { ref, value } of this.pending) {
      if (!targets.has(ref)) {
        let target: unknown;
        try {
          target = resolveReference(ref);
        } catch {
          target = undefined;
        }
        targets.set(ref, target);
      }
      const target = targets.get(ref);
      if (isRecord(target) && target !== value && isCopyOf(value as Record<string, unknown>, target)) this.originals.set(value, target);
    }
    this.pending = [];
  }

  /**
   * Remembers the `components.schemas` keys. A component that is only a `$ref` to another one is
   * the same object after dereferencing; it keeps the name of the one it points at.
   */
  addComponents(schemas: Record<string, unknown> | undefined): void {
    if (!isRecord(schemas)) return;
    const keysOf = new Map<object, string[]>();
    for (const [name, schema] of Object.entries(schemas)) {
      if (isRecord(schema)) keysOf.set(schema, [...(keysOf.get(schema) ?? []), name]);
    }
    for (const [schema, keys] of keysOf) {
      const referenced = this.referenceNames.get(schema);
      this.componentNames.set(schema, referenced !== undefined && keys.includes(referenced) ? referenced : keys[0]!);
    }
  }

  /** Component keys in document order, with their schemas (each schema once). */
  components(schemas: Record<string, unknown> | undefined): Array<[string, object]> {
    if (!isRecord(schemas)) return [];
    const seen = new Set<object>();
    return Object.values(schemas).flatMap((schema): Array<[string, object]> => {
      if (!isRecord(schema) || seen.has(schema)) return [];
      seen.add(schema);
      return [[this.componentNames.get(schema)!, schema]];
    });
  }

  /** The schema a `$ref` copy stands for, or the schema itself. */
  original<T extends object>(schema: T): T {
    return (this.originals.get(schema) as T | undefined) ?? schema;
  }

  /** The `components.schemas` key of a schema, if it is a component. */
  componentName(schema: object): string | undefined {
    return this.componentNames.get(this.original(schema));
  }

  /** The best declared name of a schema: its component key, else the name its `$ref` pointed at. */
  declaredName(schema: object): string | undefined {
    const original = this.original(schema);
    const carried = (original as Record<string, unknown>)[FILE_NAME_KEY];
    return this.componentNames.get(original) ?? this.referenceNames.get(original) ?? (typeof carried === 'string' ? carried : undefined);
  }
}

/**
 * Labels the schemas of every file but the root (`pet.yaml` → `pet`; `common.yaml#/Owner` →
 * `Owner`) before a bundled Swagger 2.0 document is converted and the file boundaries are lost.
 */
export function labelFileSchemas(files: Record<string, unknown>, rootPath: string): void {
  for (const [path, content] of Object.entries(files)) {
    if (path === rootPath || !isRecord(content)) continue;
    const label = (value: unknown, name: string | undefined) => {
      if (isRecord(value) && name !== undefined && !(FILE_NAME_KEY in value)) value[FILE_NAME_KEY] = name;
    };
    if (isRecord(content['properties']) || typeof content['type'] === 'string' || Array.isArray(content['allOf'])) {
      label(content, nameOfReference(path));
    } else {
      for (const [key, value] of Object.entries(content)) label(value, key);
    }
  }
}

/** `#/components/schemas/Pet` → `Pet`; `./pet.yaml` → `pet`; a pointer into an operation → none. */
function nameOfReference(ref: string): string | undefined {
  const hash = ref.indexOf('#');
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  const tokens = pointer.split('/').filter(Boolean).map(unescapeToken);
  if (tokens.length === 0) {
    const file = (hash === -1 ? ref : ref.slice(0, hash)).split(/[\\/]/).pop() ?? '';
    return file.replace(/\.(ya?ml|json)$/i, '') || undefined;
  }
  const parent = tokens.length > 1 ? tokens[tokens.length - 2]! : '';
  return tokens.length === 1 || DEFINITION_CONTAINERS.has(parent) ? tokens[tokens.length - 1] : undefined;
}

function unescapeToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // Keep the token as written.
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A `$ref` with sibling keys becomes a shallow copy of its target plus those keys. */
function isCopyOf(copy: Record<string, unknown>, target: Record<string, unknown>): boolean {
  for (const key of Object.keys(target)) {
    if (copy[key] !== target[key] && !(typeof target[key] === 'object' && typeof copy[key] === 'object')) return false;
  }
  return true;
}
