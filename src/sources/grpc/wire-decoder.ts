import protobuf from 'protobufjs';
import { fieldName } from './names.js';
import { TIMESTAMP, wellKnownType } from './well-known.js';
import { Reader, SCALARS, readTimestamp, type Read } from './wire-reader.js';

type Plain = Record<string, unknown>;
type Decode = (type: protobuf.Type, bytes: Uint8Array) => unknown;

/** How deep messages may nest, as protobufjs and protoc allow. */
const RECURSION_LIMIT = 100;
const { basic: WIRE_TYPES, packed: PACKABLE } = protobuf.types as unknown as { basic: Record<string, number>; packed: Record<string, number> };

interface FieldPlan {
  out: string;
  /** The wire type of one element. */
  wireType: number;
  repeated: boolean;
  packable: boolean;
  read: Read;
}

interface TypePlan {
  /** By field number; a Map when numbers are sparse. */
  fields: Array<FieldPlan | undefined> | Map<number, FieldPlan>;
  /** Each field's value when the message leaves it out, in field order: copied for every message. */
  template: Plain;
  /** Fields that get a new array in every message. */
  lists: string[];
}

/**
 * Decodes response messages straight from protobuf's wire format into the shapes of the GraphQL
 * types built for them: one pass, no protobufjs message in between, 64-bit integers read into
 * their text without a Long. The result is the one `fallback` (protobufjs's decode, then
 * message-out) gives; types this decoder does not cover (maps, groups, required fields, the
 * well-known types at the top) are handed to it whole, and nested messages of such types as
 * their bytes.
 */
export function createWireDecoder(fallback: Decode): Decode {
  const plans = new Map<protobuf.Type, TypePlan | null>();

  function planOf(type: protobuf.Type): TypePlan | null {
    let plan = plans.get(type);
    if (plan !== undefined) return plan;
    plan = covered(type) ? { fields: [], template: {}, lists: [] } : null;
    // Set before the fields are worked out, so that a message type that contains itself resolves.
    plans.set(type, plan);
    if (plan) fill(plan, type);
    return plan;
  }

  function fill(plan: TypePlan, type: protobuf.Type): void {
    const fields = type.fieldsArray.map((field) => ({ id: field.id, plan: fieldPlan(field) }));
    const highest = Math.max(0, ...fields.map((field) => field.id));
    const byNumber = highest <= 1024 ? new Array<FieldPlan | undefined>(highest + 1) : new Map<number, FieldPlan>();
    for (const { id, plan: field } of fields) {
      if (Array.isArray(byNumber)) byNumber[id] = field;
      else byNumber.set(id, field);
    }
    plan.fields = byNumber;
    // An empty message through the fallback gives every default exactly as it writes them.
    const empty = fallback(type, new Uint8Array(0)) as Plain;
    for (const { plan: field } of fields) plan.template[field.out] = field.repeated ? null : empty[field.out];
    plan.lists = fields.filter(({ plan: field }) => field.repeated).map(({ plan: field }) => field.out);
  }

  function fieldPlan(field: protobuf.Field): FieldPlan {
    const out = fieldName(field);
    const resolved = field.resolvedType;
    const base = { out, repeated: field.repeated };
    if (resolved instanceof protobuf.Type) return { ...base, wireType: 2, packable: false, read: messageReader(resolved) };
    if (resolved instanceof protobuf.Enum) {
      const names = resolved.valuesById;
      return {
        ...base,
        wireType: 0,
        packable: true,
        read: (r) => {
          const value = r.uint32() | 0;
          // A number this build of the .proto does not know stays a number, as message-out leaves it.
          return names[value] ?? value;
        },
      };
    }
    return { ...base, wireType: WIRE_TYPES[field.type]!, packable: PACKABLE[field.type] !== undefined, read: SCALARS[field.type]! };
  }

  function messageReader(type: protobuf.Type): Read {
    if (type.fullName === TIMESTAMP) return readTimestamp;
    return (r) => {
      const end = r.delimited();
      const plan = planOf(type);
      let value: unknown;
      if (plan) {
        if (++r.depth > RECURSION_LIMIT) throw new Error('maximum nesting depth exceeded');
        value = decodeMessage(plan, r, end);
        r.depth--;
      } else value = fallback(type, r.buf.subarray(r.pos, end));
      r.pos = end;
      return value;
    };
  }

  function decodeMessage(plan: TypePlan, r: Reader, end: number): Plain {
    const out: Plain = { ...plan.template };
    for (const name of plan.lists) out[name] = [];
    const outer = r.end;
    r.end = end;
    const { fields } = plan;
    while (r.pos < end) {
      const tag = r.uint32();
      const id = tag >>> 3;
      const wireType = tag & 7;
      const field = Array.isArray(fields) ? fields[id] : fields.get(id);
      if (!field) r.skipField(wireType);
      else if (field.repeated && field.packable && wireType === 2) {
        const items = out[field.out] as unknown[];
        const stop = r.delimited();
        r.end = stop;
        while (r.pos < stop) items.push(field.read(r));
        r.end = end;
      } else if (wireType !== field.wireType) r.skipField(wireType);
      else if (field.repeated) (out[field.out] as unknown[]).push(field.read(r));
      else out[field.out] = field.read(r);
    }
    r.end = outer;
    return out;
  }

  return (type, bytes) => {
    const plan = planOf(type);
    if (!plan) return fallback(type, bytes);
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return decodeMessage(plan, new Reader(buf, buf.length), buf.length);
  };
}

/** Message types read here: every field a plain value, an enum or a message, none a map, a group or required. */
function covered(type: protobuf.Type): boolean {
  if (wellKnownType(type)) return false;
  return type.fieldsArray.every(
    (field) => !field.map && !field.delimited && !field.required && (field.resolvedType !== null || WIRE_TYPES[field.type] !== undefined),
  );
}
