import {
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { getDirectiveExtensions } from '@graphql-tools/utils';
import type { Identity } from './identity.js';

/** What a field needs, from `@authenticated` and `@requiresScopes` in schemas/*.graphql. */
export interface Requirement {
  authenticated: boolean;
  /** Every entry must be met; one entry is met by holding all scopes of any of its inner lists. */
  scopes: ReadonlyArray<ReadonlyArray<ReadonlyArray<string>>>;
}

export type Verdict = 'UNAUTHENTICATED' | 'FORBIDDEN';

const NONE: Requirement = { authenticated: false, scopes: [] };

/** Reads (once per schema and field) the policies that guard selecting a field. */
export function createPolicyReader(schema: GraphQLSchema) {
  const byField = new Map<string, Requirement>();
  const byType = new Map<string, Requirement>();

  const ofType = (type: GraphQLNamedType): Requirement => {
    let requirement = byType.get(type.name);
    if (!requirement) byType.set(type.name, (requirement = read(getDirectiveExtensions(type, schema))));
    return requirement;
  };

  /**
   * A field is guarded by its own directives, by those of the type it belongs to (a policy on
   * `Query` guards every root field) and by those of the type it returns. Selected on an interface,
   * it is guarded by the same field of every implementation too: which one runs is only known later.
   */
  return (parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): Requirement => {
    const key = `${parent.name}.${field.name}`;
    let requirement = byField.get(key);
    if (requirement) return requirement;
    const parts = [read(getDirectiveExtensions(field, schema)), ofType(parent), ofType(getNamedType(field.type))];
    if (isAbstractType(parent)) {
      for (const type of schema.getPossibleTypes(parent)) {
        const implementation = type.getFields()[field.name];
        if (implementation) parts.push(read(getDirectiveExtensions(implementation, schema)), ofType(type));
      }
    }
    requirement = parts.reduce(combine, NONE);
    byField.set(key, requirement);
    return requirement;
  };
}

export type PolicyReader = ReturnType<typeof createPolicyReader>;

/** True when some type or field of the schema carries `@authenticated` or `@requiresScopes`. */
export function hasPolicies(schema: GraphQLSchema): boolean {
  const guarded = (directives: Record<string, unknown> | undefined) => directives !== undefined && ('authenticated' in directives || 'requiresScopes' in directives);
  return Object.values(schema.getTypeMap()).some(
    (type) =>
      guarded(getDirectiveExtensions(type, schema)) ||
      ((isObjectType(type) || isInterfaceType(type)) && Object.values(type.getFields()).some((field) => guarded(getDirectiveExtensions(field, schema)))),
  );
}

/** Whether the caller may read a field with this requirement; undefined means yes. */
export function judge(requirement: Requirement, identity: Identity | undefined): Verdict | undefined {
  if (!requirement.authenticated && requirement.scopes.length === 0) return undefined;
  if (!identity) return 'UNAUTHENTICATED';
  const met = requirement.scopes.every((anyOf) => anyOf.some((allOf) => allOf.every((scope) => identity.scopes.has(scope))));
  return met ? undefined : 'FORBIDDEN';
}

function read(directives: Record<string, readonly unknown[] | undefined> | undefined): Requirement {
  if (!directives) return NONE;
  const scopes = (directives['requiresScopes'] ?? []).map((args) => ((args as { scopes?: string[][] }).scopes ?? []));
  return { authenticated: (directives['authenticated'] ?? []).length > 0, scopes };
}

function combine(left: Requirement, right: Requirement): Requirement {
  if (right === NONE) return left;
  if (left === NONE) return right;
  return { authenticated: left.authenticated || right.authenticated, scopes: [...left.scopes, ...right.scopes] };
}
