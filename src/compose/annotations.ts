import {
  GraphQLError,
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  getDirectiveValues,
  isInterfaceType,
  isObjectType,
  type DirectiveNode,
  type FieldDefinitionNode,
  type GraphQLDirective,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { Problem } from '../config/problems.js';
import { graphqlProblem, type SdlFile } from '../sources/sdl-files.js';

/** One directive as written, with its arguments coerced. */
export interface DirectiveUse {
  name: string;
  args: Record<string, unknown>;
}

/** A field declared in `schemas/` that no source provides: a link must resolve it. */
export interface NewField {
  typeName: string;
  node: FieldDefinitionNode;
  file: string;
}

export interface Annotations {
  /** By type name. */
  types: Map<string, DirectiveUse[]>;
  /** By `Type.field`. */
  fields: Map<string, DirectiveUse[]>;
  newFields: NewField[];
}

/**
 * Reads the `extend type` blocks of `schemas/*.graphql` against the composed schema: directives on
 * a type or on a re-declared field become annotations; a field no source has is a new field.
 */
export function collectAnnotations(
  files: readonly SdlFile[],
  schema: GraphQLSchema,
  known: readonly GraphQLDirective[],
): { annotations: Annotations; problems: Problem[] } {
  const annotations: Annotations = { types: new Map(), fields: new Map(), newFields: [] };
  const problems: Problem[] = [];
  const byName = new Map(known.map((directive) => [directive.name, directive]));

  const read = (nodes: readonly DirectiveNode[] | undefined, file: string): DirectiveUse[] =>
    (nodes ?? []).flatMap((node) => {
      const definition = byName.get(node.name.value);
      if (!definition) {
        problems.push(graphqlProblem(new GraphQLError(`unknown directive @${node.name.value}`, { nodes: [node] }), file));
        return [];
      }
      try {
        return [{ name: definition.name, args: getDirectiveValues(definition, { directives: [node] }) ?? {} }];
      } catch (error) {
        problems.push(graphqlProblem(error, file));
        return [];
      }
    });

  for (const { document, displayPath: file } of files) {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.INTERFACE_TYPE_EXTENSION) {
        if (definition.kind !== Kind.DIRECTIVE_DEFINITION) {
          problems.push(graphqlProblem(new GraphQLError(`only "extend type" blocks belong in ${file}`, { nodes: [definition] }), file));
        }
        continue;
      }
      const typeName = definition.name.value;
      const type = schema.getType(typeName);
      if (!isObjectType(type) && !isInterfaceType(type)) {
        problems.push(
          graphqlProblem(new GraphQLError(`type "${typeName}" is not an object or interface type of the gateway schema`, { nodes: [definition.name] }), file),
        );
        continue;
      }
      append(annotations.types, typeName, read(definition.directives, file));
      for (const field of definition.fields ?? []) {
        if (type.getFields()[field.name.value]) append(annotations.fields, `${typeName}.${field.name.value}`, read(field.directives, file));
        else annotations.newFields.push({ typeName, node: field, file });
      }
    }
  }
  return { annotations, problems };
}

function append(map: Map<string, DirectiveUse[]>, key: string, uses: DirectiveUse[]) {
  if (uses.length > 0) map.set(key, [...(map.get(key) ?? []), ...uses]);
}

/**
 * Stores annotations where graphql-tools looks for directives (`extensions.directives`), so that
 * plugins read them with `getDirectiveExtensions` and the printed schema shows them.
 */
export function applyAnnotations(schema: GraphQLSchema, annotations: Annotations, directives: readonly GraphQLDirective[]): GraphQLSchema {
  const withDirectives = new GraphQLSchema({
    ...schema.toConfig(),
    directives: [...schema.getDirectives(), ...directives.filter((directive) => !schema.getDirective(directive.name))],
  });
  if (annotations.types.size === 0 && annotations.fields.size === 0) return withDirectives;
  return mapSchema(withDirectives, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      const uses = annotations.types.get(type.name);
      if (!uses) return type;
      const config = type.toConfig();
      return new GraphQLObjectType({ ...config, extensions: withUses(config.extensions, uses) });
    },
    [MapperKind.INTERFACE_TYPE]: (type) => {
      const uses = annotations.types.get(type.name);
      if (!uses) return type;
      const config = type.toConfig();
      return new GraphQLInterfaceType({ ...config, extensions: withUses(config.extensions, uses) });
    },
    [MapperKind.COMPOSITE_FIELD]: (fieldConfig, fieldName, typeName) => {
      const uses = annotations.fields.get(`${typeName}.${fieldName}`);
      return uses ? { ...fieldConfig, extensions: withUses(fieldConfig.extensions, uses) } : fieldConfig;
    },
  });
}

function withUses(extensions: Readonly<Record<string, unknown>> | null | undefined, uses: DirectiveUse[]) {
  const directives = { ...((extensions?.['directives'] as Record<string, unknown[]> | undefined) ?? {}) };
  for (const use of uses) directives[use.name] = [...(directives[use.name] ?? []), use.args];
  return { ...extensions, directives };
}
