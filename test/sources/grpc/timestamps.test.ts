import { describe, expect, test } from 'vitest';
import protobuf from 'protobufjs';
import { createValueMapper } from '../../../src/sources/grpc/values.js';

// A message with a repeated Timestamp, built in code: the answers' timestamps are converted
// straight from the decoded message, with the date part kept from one timestamp to the next.
const root = protobuf.Root.fromJSON({
  nested: {
    Stamps: { fields: { at: { rule: 'repeated', type: 'google.protobuf.Timestamp', id: 1 } } },
    google: { nested: { protobuf: { nested: { Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } } } } } },
  },
});
root.resolveAll();
const stamps = root.lookupType('Stamps');
const values = createValueMapper(root, { source: 'stamps', maps: 'entries', mapValueType: () => undefined as never });

/** What the DateTime scalar must read: RFC 3339 in UTC, the fraction as long as the nanoseconds need. */
function expected(seconds: number, nanos: number): string {
  const nine = String(nanos).padStart(9, '0');
  const fraction = nanos === 0 ? '' : `.${nanos % 1_000_000 === 0 ? nine.slice(0, 3) : nanos % 1000 === 0 ? nine.slice(0, 6) : nine}`;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}${fraction}Z`;
}

function decode(items: Array<[number, number]>): string[] {
  const bytes = stamps.encode(stamps.fromObject({ at: items.map(([seconds, nanos]) => ({ seconds, nanos })) })).finish();
  return (values.decode(stamps, bytes) as { at: string[] }).at;
}

describe('Timestamp answers', () => {
  test('the first and last second of the range, the epoch, before it, and fractions of every length', () => {
    const items: Array<[number, number]> = [
      [-62_135_596_800, 0],
      [253_402_300_799, 999_999_999],
      [0, 0],
      [-1, 500_000_000],
      [86_399, 120_000],
      [86_400, 7],
      [1_700_000_000, 1_000_000],
    ];
    expect(decode(items)).toEqual(items.map(([seconds, nanos]) => expected(seconds, nanos)));
    expect(decode([[-1, 500_000_000]])).toEqual(['1969-12-31T23:59:59.500Z']);
  });

  test('random instants, many on one day and many on different days, read as Date reads them', () => {
    let state = 7;
    const next = () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
    const items: Array<[number, number]> = [];
    for (let index = 0; index < 2000; index++) {
      const sameDay = index % 2 === 0 && items.length > 0;
      const seconds = sameDay
        ? items[items.length - 1]![0] - (items[items.length - 1]![0] % 86_400) + Math.floor(next() * 86_400)
        : Math.floor(next() * 315_537_897_599) - 62_135_596_800;
      items.push([seconds, Math.floor(next() * 1_000_000_000)]);
    }
    expect(decode(items)).toEqual(items.map(([seconds, nanos]) => expected(seconds, nanos)));
  });
});
