import { isScalarType, type GraphQLNamedType, type GraphQLScalarType } from 'graphql';
import { BytesScalar } from './bytes.js';
import { DateTimeScalar } from './date-time.js';
import { DurationScalar } from './duration.js';
import { FieldMaskScalar } from './field-mask.js';
import { Int64Scalar, SafeIntScalar, UInt32Scalar, UInt64Scalar } from './integers.js';
import { JSONScalar } from './json.js';
import { UploadScalar } from './upload.js';

export { BytesScalar, DateTimeScalar, DurationScalar, FieldMaskScalar, Int64Scalar, JSONScalar, SafeIntScalar, UInt32Scalar, UInt64Scalar, UploadScalar };

/**
 * The scalars every source kind maps to: one name for one concept, whichever kind a value comes
 * from. The gateway schema always holds these definitions under these names (see compose/).
 */
export const SHARED_SCALARS: readonly GraphQLScalarType[] = [
  BytesScalar,
  DateTimeScalar,
  DurationScalar,
  FieldMaskScalar,
  Int64Scalar,
  JSONScalar,
  SafeIntScalar,
  UInt32Scalar,
  UInt64Scalar,
  UploadScalar,
];

const byName = new Map(SHARED_SCALARS.map((scalar) => [scalar.name, scalar]));

export const SHARED_SCALAR_NAMES: ReadonlySet<string> = new Set(byName.keys());

/** The shared scalar a type of this name stands for, if the type is a scalar of a shared name. */
export function sharedScalarFor(type: GraphQLNamedType | null | undefined): GraphQLScalarType | undefined {
  return type && isScalarType(type) ? byName.get(type.name) : undefined;
}
