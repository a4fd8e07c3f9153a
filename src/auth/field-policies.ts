import { getNamedType, isAbstractType, isInterfaceType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { getDirectiveExtensions } from '@graphql-tools/utils';
import type { Identity } from './identity.js';
import { callsOf } from './operation-calls.js';

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

  // Its directives, and what the operation its link calls needs (a policy on a root field guards every call).
  const ofField = (field: GraphQLField<unknown, unknown>): Requirement[] => [
    read(getDirectiveExtensions(field, schema)),
    ...callsOf(field).map((fieldName) => operationRequirement(reader, schema, fieldName)),
  ];

  /**
   * A field is guarded by its own directives, by those of the type it belongs to (a policy on
   * `Query` guards every root field), by those of the type it returns and, for a link, by those of
   * the root field whose operation it calls. Selected on an interface, it is guarded by the same
   * field of every implementation too: which one runs is only known later.
   */
  const reader = (parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): Requirement => {
    const key = `${parent.name}.${field.name}`;
    let requirement = byField.get(key);
    if (requirement) return requirement;
    const parts = [...ofField(field), ofType(parent), ofType(getNamedType(field.type))];
    if (isAbstractType(parent)) {
      for (const type of schema.getPossibleTypes(parent)) {
        const implementation = type.getFields()[field.name];
        if (implementation) parts.push(...ofField(implementation), ofType(type));
      }
    }
    requirement = parts.reduce(combine, NONE);
    byField.set(key, requirement);
    return requirement;
  };
  return reader;
}

export type PolicyReader = (parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>) => Requirement;

/** What calling a Query operation needs, whoever calls it: a client, a link, an entity merge, root-field batching. */
export function operationRequirement(reader: PolicyReader, schema: GraphQLSchema, fieldName: string): Requirement {
  const query = schema.getQueryType();
  const field = query?.getFields()[fieldName];
  return query && field ? reader(query, field) : NONE;
}

/** True when the requirement guards anything. */
export function isGuarded(requirement: Requirement): boolean {
  return requirement.authenticated || requirement.scopes.length > 0;
}

/** True when some type or field of the schema carries `@authenticated` or `@requiresScopes`. */
export function hasPolicies(schema: GraphQLSchema): boolean {
  const guarded = (directives: Record<string, unknown> | undefined) =>
    directives !== undefined && ('authenticated' in directives || 'requiresScopes' in directives);
  return Object.values(schema.getTypeMap()).some(
    (type) =>
      guarded(getDirectiveExtensions(type, schema)) ||
      ((isObjectType(type) || isInterfaceType(type)) && Object.values(type.getFields()).some((field) => guarded(getDirectiveExtensions(field, schema)))),
  );
}

/** Whether the caller may read a field with this requirement; undefined means yes. */
export function judge(requirement: Requirement, identity: Identity | undefined): Verdict | undefined {
  if (!isGuarded(requirement)) return undefined;
  if (!identity) return 'UNAUTHENTICATED';
  const met = requirement.scopes.every((anyOf) => anyOf.some((allOf) => allOf.every((scope) => identity.scopes.has(scope))));
  return met ? undefined : 'FORBIDDEN';
}

function read(directives: Record<string, readonly unknown[] | undefined> | undefined): Requirement {
  if (!directives) return NONE;
  const scopes = (directives['requiresScopes'] ?? []).map((args) => (args as { scopes?: string[][] }).scopes ?? []);
  return { authenticated: (directives['authenticated'] ?? []).length > 0, scopes };
}

function combine(left: Requirement, right: Requirement): Requirement {
  if (right === NONE) return left;
  if (left === NONE) return right;
  return { authenticated: left.authenticated || right.authenticated, scopes: [...left.scopes, ...right.scopes] };
}
