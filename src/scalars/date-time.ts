import { defineScalar } from './define.js';
import { SPECIFIED_BY } from './specs.js';

// graphql-scalars' DateTime turns values into Date objects, which drop a service's offset and any
// digit past milliseconds (protobuf timestamps carry nanoseconds): the text is kept instead.

/** RFC 3339 `date-time`; a space for the `T`, which section 5.6 allows, and seconds to nanoseconds. */
const RFC3339 =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[Tt ](?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](?<offsetHour>\d{2}):(?<offsetMinute>\d{2}))$/;

/** What services commonly write for a date-time: RFC 3339, or without seconds or offset. */
const WRITTEN = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The value as `YYYY-MM-DDTHH:MM:SS[.f](Z|±HH:MM)`, or undefined when it is not a real RFC 3339 date-time. */
function rfc3339(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const groups = RFC3339.exec(value)?.groups;
  if (!groups) return undefined;
  const part = (name: string) => Number(groups[name] ?? 0);
  const valid =
    part('month') >= 1 &&
    part('month') <= 12 &&
    part('day') >= 1 &&
    part('day') <= daysIn(part('year'), part('month')) &&
    part('hour') <= 23 &&
    part('minute') <= 59 &&
    part('second') <= 59 &&
    part('offsetHour') <= 23 &&
    part('offsetMinute') <= 59;
  // Leap seconds (:60) are refused: protobuf timestamps, like JavaScript dates, have none.
  return valid ? `${value.slice(0, 10)}T${value.slice(11).replace('z', 'Z')}` : undefined;
}

/**
 * A point in time (OpenAPI `format: date-time`, google.protobuf.Timestamp). A client must send
 * RFC 3339 with seconds and an offset, which every kind of service can read; a service's text
 * is passed on as it wrote it, also when it leaves out seconds or the offset.
 */
export const DateTimeScalar = defineScalar<string>({
  name: 'DateTime',
  description: 'A point in time as an RFC 3339 string, e.g. 2024-05-01T12:00:00Z.',
  specifiedByURL: SPECIFIED_BY.rfc3339,
  expected: 'an RFC 3339 date-time with seconds and an offset, such as 2024-05-01T12:00:00Z',
  parse: rfc3339,
  serialize(value) {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
    return typeof value === 'string' && WRITTEN.test(value) ? value : undefined;
  },
});
