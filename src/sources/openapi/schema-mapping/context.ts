import type { GraphQLEnumType, GraphQLInputObjectType, GraphQLNamedInputType, GraphQLNamedOutputType } from 'graphql';
import type { Problem } from '../../../config/problems.js';
import type { SchemaObject } from '../document.js';
import { RESERVED_TYPE_NAMES, UniqueNames, typeName } from '../names.js';
import type { SchemaIndex } from '../schema-index.js';
import { SchemaResolver } from './composition.js';
import { shapeOf } from './shape.js';

/** Titles longer than this read as sentences, not names, and are not used to name a type. */
const MAX_TITLE_LENGTH = 48;

/**
 * State shared while one document is mapped: the GraphQL type made for each schema (so a schema
 * used in many places, or in a cycle, is one type), the type names handed out, and warnings.
 */
export class MappingContext {
  readonly resolver: SchemaResolver;
  readonly outputTypes = new WeakMap<object, GraphQLNamedOutputType>();
  readonly inputTypes = new WeakMap<object, GraphQLNamedInputType>();
  readonly enumTypes = new WeakMap<object, GraphQLEnumType>();
  /** Input objects whose fields are being built: a required field back to one of them is made optional. */
  readonly inputsInProgress = new Set<GraphQLInputObjectType>();
  /** Schemas of multipart bodies: their file properties take `Upload`s. */
  readonly multipartBodies = new WeakSet<object>();
  readonly warnings: Problem[] = [];
  private readonly typeNames = new UniqueNames(RESERVED_TYPE_NAMES);
  private readonly ownTypes = new Map<string, GraphQLNamedOutputType>();
  private readonly componentTypeNames = new WeakMap<object, string>();

  constructor(
    readonly index: SchemaIndex,
    readonly displayFile: string,
    components: Record<string, SchemaObject> | undefined,
  ) {
    this.resolver = new SchemaResolver(index);
    // Components claim their names first, in document order, so that a type keeps its name when
    // operations are added or reordered.
    for (const [name, schema] of index.components(components)) {
      const resolved = this.resolver.resolve(schema as SchemaObject);
      if (resolved.source !== schema) continue;
      const kind = shapeOf(resolved.schema).kind;
      if (kind === 'object' || kind === 'enum' || kind === 'union') this.componentTypeNames.set(schema, this.typeNames.claim(typeName(name)));
    }
  }

  warn(pointer: string, message: string): void {
    this.warnings.push({ file: this.displayFile, message: `${pointer}: ${message}` });
  }

  /** A type Plexus adds to the source (such as `Redirect`): made once, under the first name free of the document's. */
  ownType<T extends GraphQLNamedOutputType>(name: string, build: (name: string) => T): T {
    let type = this.ownTypes.get(name);
    if (!type) this.ownTypes.set(name, (type = build(this.typeNames.claim(name))));
    return type as T;
  }

  /** A unique type name for a schema: its component name, else its `$ref` name or title, else one from where it is used. */
  outputName(source: SchemaObject, contextName: string): string {
    return this.componentTypeNames.get(source) ?? this.typeNames.claim(this.baseName(source, contextName));
  }

  /** The input-object twin of `outputName`: the same base with `Input` appended. */
  inputName(source: SchemaObject, contextName: string): string {
    return this.typeNames.claim(`${this.componentTypeNames.get(source) ?? this.baseName(source, contextName)}Input`);
  }

  private baseName(source: SchemaObject, contextName: string): string {
    const declared = this.index.declaredName(source);
    if (declared !== undefined) return typeName(declared);
    const title = typeof source.title === 'string' && source.title.length <= MAX_TITLE_LENGTH ? typeName(source.title) : '';
    return title && title !== 'Type' ? title : typeName(contextName);
  }
}
