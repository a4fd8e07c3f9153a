import {
  TypeInfo,
  getNamedType,
  isAbstractType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { createPolicyReader, hasPolicies, type PolicyReader } from '../auth/field-policies.js';
import type { Identity } from '../auth/identity.js';
import { cacheControlOf } from './cache-hints.js';

/** What a document selects that limits who may share its cached answer. */
export interface Sharing {
  /** A field or type with `@cacheControl(scope: PRIVATE)`: one answer per verified subject. */
  private: boolean;
  /** A field guarded by `@authenticated`/`@requiresScopes`: one answer per set of scopes. */
  guarded: boolean;
}

/**
 * Reads, once per schema and document, whether a document's answer depends on who asks. Decided
 * from the document alone, before anything runs, and counting every field it could select (every
 * fragment, every type an abstract field may return), so an alias or a fragment cannot hide one.
 */
export function createSharingReader() {
  const bySchema = new WeakMap<GraphQLSchema, { byDocument: WeakMap<DocumentNode, Sharing>; isPrivate: (type: GraphQLNamedType) => boolean; policies: PolicyReader | undefined }>();

  const forSchema = (schema: GraphQLSchema) => {
    let entry = bySchema.get(schema);
    if (!entry) {
      const privateTypes = new Map<string, boolean>();
      const isPrivate = (type: GraphQLNamedType): boolean => {
        let answer = privateTypes.get(type.name);
        if (answer === undefined) {
          answer = cacheControlOf(type, schema)?.scope === 'PRIVATE' || (isAbstractType(type) && schema.getPossibleTypes(type).some((possible) => cacheControlOf(possible, schema)?.scope === 'PRIVATE'));
          privateTypes.set(type.name, answer);
        }
        return answer;
      };
      entry = { byDocument: new WeakMap(), isPrivate, policies: hasPolicies(schema) ? createPolicyReader(schema) : undefined };
      bySchema.set(schema, entry);
    }
    return entry;
  };

  return (schema: GraphQLSchema, document: DocumentNode): Sharing => {
    const { byDocument, isPrivate, policies } = forSchema(schema);
    let sharing = byDocument.get(document);
    if (sharing) return sharing;
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
          if (!found.guarded && policies) {
            const requirement = policies(parent, field);
            found.guarded = requirement.authenticated || requirement.scopes.length > 0;
          }
        },
      }),
    );
    sharing = found;
    byDocument.set(document, sharing);
    return sharing;
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
