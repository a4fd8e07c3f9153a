import { RenameRootFields, RenameTypes } from '@graphql-tools/wrap';
import type { Transform } from '@graphql-tools/delegate';
import { specifiedScalarTypes, type GraphQLSchema } from 'graphql';
import type { SourcePrefix } from '../config/source-config.js';
import { sharedScalarFor } from '../scalars/index.js';

const BUILT_IN_SCALARS = new Set(specifiedScalarTypes.map((type) => type.name));

/**
 * Names that are not the source's own and must keep their name when the source is prefixed: the
 * shared scalars are one type for every source (`prefix: Shop` never makes a `ShopDateTime`).
 */
function keepsName(name: string, schema: GraphQLSchema, rootNames: ReadonlySet<string>): boolean {
  return BUILT_IN_SCALARS.has(name) || name.startsWith('__') || rootNames.has(name) || sharedScalarFor(schema.getType(name)) !== undefined;
}

/** Stitching transforms that apply a source's `prefix` to its types and root fields. */
export function prefixTransforms(prefix: SourcePrefix | undefined, schema: GraphQLSchema, rootNames: ReadonlySet<string>): Transform[] {
  if (!prefix) return [];
  const transforms: Transform[] = [];
  const { types, rootFields } = prefix;
  if (types) {
    transforms.push(new RenameTypes((name) => (keepsName(name, schema, rootNames) ? name : types + name)));
  }
  if (rootFields) {
    transforms.push(new RenameRootFields((_operation, fieldName) => rootFields + fieldName.charAt(0).toUpperCase() + fieldName.slice(1)));
  }
  return transforms;
}
