import type { GraphQLObjectType, GraphQLTypeResolver } from 'graphql';
import { isRecord, type SchemaObject } from '../document.js';

export interface UnionMember {
  type: GraphQLObjectType;
  /** The member's schema with `allOf` merged: its properties and required list. */
  schema: SchemaObject;
  /** Its `components.schemas` key, which a discriminator value names by default. */
  componentName: string | undefined;
}

/**
 * Picks the member type of a `oneOf`/`anyOf` value. With a `discriminator`, its property names the
 * member (through `mapping`, else by component name). Otherwise, or when that fails, the value is
 * matched by structure: a member is out when a required property is missing, a single-valued enum
 * disagrees, or a property holds another JSON type than the member declares; of the rest, the one sharing the most properties with the value wins, the
 * earlier one on a tie.
 */
export function memberResolver(members: readonly UnionMember[], discriminator: SchemaObject['discriminator']): GraphQLTypeResolver<unknown, unknown> {
  const property = discriminator?.propertyName;
  // Built on first use: the members are mapped after the union exists (they may refer back to it).
  let byValue: Map<string, UnionMember> | undefined;
  return (value) => {
    if (!isRecord(value)) return members[0]?.type.name;
    if (property !== undefined) {
      byValue ??= discriminatorTable(members, discriminator);
      const tag = value[property];
      const member = typeof tag === 'string' ? byValue.get(tag) : undefined;
      if (member) return member.type.name;
    }
    return bestStructuralMatch(members, value)?.type.name;
  };
}

function discriminatorTable(members: readonly UnionMember[], discriminator: SchemaObject['discriminator']): Map<string, UnionMember> {
  const table = new Map<string, UnionMember>();
  const byComponent = new Map(members.flatMap((member) => (member.componentName ? [[member.componentName, member] as const] : [])));
  for (const [tag, target] of Object.entries(discriminator?.mapping ?? {})) {
    const name = target.split('/').pop() ?? '';
    const member = byComponent.get(name) ?? members.find((candidate) => candidate.type.name === name);
    if (member) table.set(tag, member);
  }
  for (const member of members) {
    if (member.componentName && !table.has(member.componentName)) table.set(member.componentName, member);
    if (!table.has(member.type.name)) table.set(member.type.name, member);
  }
  return table;
}

function bestStructuralMatch(members: readonly UnionMember[], value: Record<string, unknown>): UnionMember | undefined {
  let best: UnionMember | undefined;
  let bestScore = -1;
  let fallback: UnionMember | undefined;
  let fallbackScore = -1;
  for (const member of members) {
    const properties = member.schema.properties ?? {};
    const score = Object.keys(properties).filter((key) => key in value).length;
    if (score > fallbackScore) [fallback, fallbackScore] = [member, score];
    if (!fits(member.schema, properties, value)) continue;
    if (score > bestScore) [best, bestScore] = [member, score];
  }
  return best ?? fallback;
}

function fits(schema: SchemaObject, properties: Record<string, SchemaObject>, value: Record<string, unknown>): boolean {
  for (const name of schema.required ?? []) if (!(name in value)) return false;
  for (const [name, property] of Object.entries(properties)) {
    if (!(name in value) || !isRecord(property)) continue;
    const allowed = 'const' in property ? [property.const] : Array.isArray(property.enum) && property.enum.length === 1 ? property.enum : undefined;
    if (allowed && !allowed.includes(value[name])) return false;
    if (!hasDeclaredType(property, value[name])) return false;
  }
  return true;
}

/**
 * Whether a property's value is of a JSON type its schema declares (`data` a string in one member,
 * an object in the other). A schema that declares no type, or only through a composition, allows
 * anything here.
 */
function hasDeclaredType(property: SchemaObject, item: unknown): boolean {
  const declared = Array.isArray(property.type)
    ? property.type
    : typeof property.type === 'string'
      ? [property.type]
      : property.properties
        ? ['object']
        : property.items
          ? ['array']
          : [];
  if (declared.length === 0 || property.oneOf || property.anyOf || property.allOf) return true;
  if (item === null) return declared.includes('null') || property.nullable === true;
  return declared.some((type) => {
    switch (type) {
      case 'string':
        return typeof item === 'string';
      case 'integer':
      case 'number':
        return typeof item === 'number' || typeof item === 'bigint';
      case 'boolean':
        return typeof item === 'boolean';
      case 'array':
        return Array.isArray(item);
      case 'object':
        return isRecord(item);
      default:
        return true;
    }
  });
}
