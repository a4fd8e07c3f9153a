import { defineScalar, textMatching } from './define.js';
import { SPECIFIED_BY } from './specs.js';

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = `${NAME}(?:\\.${NAME})*`;
const FIELD_MASK = new RegExp(`^(?:${PATH}(?:,${PATH})*)?$`);

/**
 * A set of field paths (google.protobuf.FieldMask), as protobuf's JSON mapping writes it. A scalar
 * rather than a String so that a malformed mask is refused before the call, like any other value.
 */
export const FieldMaskScalar = defineScalar<string>({
  name: 'FieldMask',
  description: 'Field paths, comma-separated, each a dot-separated list of field names, e.g. "name,address.city".',
  specifiedByURL: SPECIFIED_BY.protobufJson,
  expected: 'comma-separated field paths such as "name,address.city"',
  parse: textMatching(FIELD_MASK),
});
