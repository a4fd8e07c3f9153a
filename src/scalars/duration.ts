import { defineScalar, textMatching } from './define.js';
import { SPECIFIED_BY } from './specs.js';

// graphql-scalars' Duration is ISO 8601 (`PT1.5S`); services built on protobuf write `1.5s`.

/** Seconds (protobuf's range needs 12 digits) to nanoseconds, with the `s` suffix. */
const DURATION = /^-?\d{1,12}(\.\d{1,9})?s$/;

/** A span of time (google.protobuf.Duration), as protobuf's JSON mapping writes it. */
export const DurationScalar = defineScalar<string>({
  name: 'Duration',
  description: 'A span of time in seconds with an "s" suffix, e.g. "1.5s" or "-3s".',
  specifiedByURL: SPECIFIED_BY.protobufJson,
  expected: 'seconds with an "s" suffix, such as "1.5s"',
  parse: textMatching(DURATION),
});
