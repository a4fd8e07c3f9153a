import protobuf from 'protobufjs';

/** protobuf's JSON name of a field (`user_id` → `userId`): each `_` dropped, the character after it upper-cased. */
export function protoJsonName(name: string): string {
  let out = '';
  let upper = false;
  for (const char of name) {
    if (char === '_') upper = true;
    else {
      out += upper ? char.toUpperCase() : char;
      upper = false;
    }
  }
  return out;
}

/** The GraphQL name of a message field: its `json_name` when the .proto sets one, else its JSON name. */
export function fieldName(field: protobuf.Field): string {
  const custom = field.options?.['json_name'];
  return typeof custom === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(custom) ? custom : protoJsonName(field.name);
}

/** `GetOrder` → `getOrder`. */
export function rootFieldName(rpc: string): string {
  return rpc.charAt(0).toLowerCase() + rpc.slice(1);
}

/** True when the RPC name starts with one of the prefixes as a whole word: `GetOrder` and `Get`, not `Getaway`. */
export function hasQueryPrefix(rpc: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => rpc.startsWith(prefix) && (rpc.length === prefix.length || /[^a-z]/.test(rpc.charAt(prefix.length))));
}

export type TypeNameStyle = 'package' | 'short';

/**
 * The GraphQL name of a message or enum. Nested definitions join their parents with `_`
 * (`Order.Item` → `Order_Item`, as no top-level message can be named that way by accident);
 * `package` style puts the capitalised package in front (`orders.v1` → `OrdersV1Order`).
 */
export function typeName(definition: protobuf.Type | protobuf.Enum, style: TypeNameStyle): string {
  const path: string[] = [];
  let node: protobuf.ReflectionObject | null = definition;
  while (node instanceof protobuf.Type || node instanceof protobuf.Enum) {
    path.unshift(node.name);
    node = node.parent;
  }
  if (style === 'short') return path.join('_');
  const packageParts: string[] = [];
  while (node && !(node instanceof protobuf.Root)) {
    packageParts.unshift(pascal(node.name));
    node = node.parent;
  }
  return packageParts.join('') + path.join('_');
}

function pascal(segment: string): string {
  return protoJsonName(segment.charAt(0).toUpperCase() + segment.slice(1)).replace(/^[a-z]/, (char) => char.toUpperCase());
}

/** Full protobuf name without the leading dot: `orders.v1.Order`. */
export function protoName(definition: protobuf.ReflectionObject): string {
  return definition.fullName.replace(/^\./, '');
}

/** `orders.v1.OrderService/GetOrder`, the name gRPC and `operations:` keys use. */
export function rpcFullName(method: protobuf.Method): string {
  return `${protoName(method.parent!)}/${method.name}`;
}

/** Remembers which definition took each GraphQL name, so that two never share one. */
export class NameClaims {
  private readonly owners = new Map<string, string>();

  constructor(reserved: readonly string[]) {
    for (const name of reserved) this.owners.set(name, 'Plexus');
  }

  /** Returns the owner that already holds `name`, or undefined after taking it for `owner`. */
  claim(name: string, owner: string): string | undefined {
    const holder = this.owners.get(name);
    if (holder !== undefined && holder !== owner) return holder;
    this.owners.set(name, owner);
    return undefined;
  }
}
