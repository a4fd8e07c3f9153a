import { TypeInfo, getNamedType, isAbstractType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { createPolicyReader, hasPolicies, isGuarded, operationRequirement, type PolicyReader } from '../auth/field-policies.js';
import { callsOf } from '../auth/operation-calls.js';
import type { Identity } from '../auth/identity.js';
import { cacheControlOf } from './cache-hints.js';
import { createSchemaDocumentCache } from '../execution/schema-document-cache.js';

/** What a document selects that limits who may share its cached answer. */
export interface Sharing {
  /** A field or type with `@cacheControl(scope: PRIVATE)`: one answer per verified subject. */
  private: boolean;
  /** A field guarded by `@authenticated`/`@requiresScopes` (or by the operation merging its type): one answer per set of scopes. */
  guarded: boolean;
}

/**
 * Reads, once per schema and document, whether a document's answer depends on who asks. Decided
 * from the document alone, before anything runs, and counting every field it could select (every
 * fragment, every type an abstract field may return), so an alias or a fragment cannot hide one.
 */
export function createSharingReader() {
  const bySchema = new WeakMap<
    GraphQLSchema,
    { isPrivate: (type: GraphQLNamedType) => boolean; policies: PolicyReader | undefined; mergesGuarded: (type: GraphQLNamedType) => boolean }
  >();

  const sharings = createSchemaDocumentCache<Sharing>();
  const forSchema = (schema: GraphQLSchema) => {
    let entry = bySchema.get(schema);
    if (!entry) {
      const privateTypes = new Map<string, boolean>();
      const isPrivate = (type: GraphQLNamedType): boolean => {
        let answer = privateTypes.get(type.name);
        if (answer === undefined) {
          answer =
            cacheControlOf(type, schema)?.scope === 'PRIVATE' ||
            (isAbstractType(type) && schema.getPossibleTypes(type).some((possible) => cacheControlOf(possible, schema)?.scope === 'PRIVATE'));
          privateTypes.set(type.name, answer);
        }
        return answer;
      };
      const policies = hasPolicies(schema) ? createPolicyReader(schema) : undefined;
      // Merging an entity may call a guarded operation, depending on where the entity came from:
      // counted for any field of such a type, since the document alone cannot tell.
      const mergesGuarded = guardedMerges(schema, policies);
      entry = { isPrivate, policies, mergesGuarded };
      bySchema.set(schema, entry);
    }
    return entry;
  };

  return (schema: GraphQLSchema, document: DocumentNode): Sharing => {
    const { isPrivate, policies, mergesGuarded } = forSchema(schema);
    return sharings.get(schema, document, '', () => {
      const found: Sharing = { private: false, guarded: false };
      const typeInfo = new TypeInfo(schema);
      visit(
        document,
        visitWithTypeInfo(typeInfo, {
          Field() {
            const parent = typeInfo.getParentType();
            const field = typeInfo.getFieldDef();
            if (!parent || !field || field.name.startsWith('__')) return;
            if (!found.private) found.private = cacheControlOf(field, schema)?.scope === 'PRIVATE' || isPrivate(parent) || isPrivate(getNamedType(field.type));
            if (!found.guarded && policies) found.guarded = isGuarded(policies(parent, field)) || mergesGuarded(parent);
          },
        }),
      );
      return found;
    });
  };
}

/** Whether merging an entity of a type (or of a type an abstract one may be) may call a guarded operation; decided once per type. */
function guardedMerges(schema: GraphQLSchema, policies: PolicyReader | undefined): (type: GraphQLNamedType) => boolean {
  const answers = new Map<string, boolean>();
  const decide = (type: GraphQLNamedType) =>
    policies !== undefined &&
    (isAbstractType(type) ? schema.getPossibleTypes(type) : [type]).some((possible) =>
      callsOf(possible).some((fieldName) => isGuarded(operationRequirement(policies, schema, fieldName))),
    );
  return (type) => {
    let answer = answers.get(type.name);
    if (answer === undefined) answers.set(type.name, (answer = decide(type)));
    return answer;
  };
}

/**
 * The part of the cache key that says who may share an answer: nothing for a document anyone may
 * share; the verified subject for PRIVATE data; the caller's scopes for guarded fields (callers with
 * the same scopes are allowed and denied the same fields). Undefined: this caller's answer is not
 * cached at all (PRIVATE data asked for without a verified subject).
 */
export function sharingKey(sharing: Sharing, identity: Identity | undefined): string | null | undefined {
  if (!sharing.private && !sharing.guarded) return null;
  if (sharing.private && identity?.subject === undefined) return undefined;
  // JSON keeps the parts apart whatever characters a subject or scope holds.
  return JSON.stringify({
    ...(sharing.private && { subject: identity?.subject }),
    ...(sharing.guarded && { scopes: identity ? [...identity.scopes].sort() : null }),
  });
}
