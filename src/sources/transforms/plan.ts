import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  specifiedScalarTypes,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { TransformsConfig } from '../../config/transforms-config.js';
import { sharedScalarFor } from '../../scalars/index.js';
import { applyConvention } from './naming.js';
import { firstRename, globMatcher, renameRules, splitGlobs } from './rules.js';
import { findPlanProblems, type Locate } from './plan-problems.js';
import type { TransformPlan } from './transform-plan.js';

export type { TransformPlan };

const BUILT_IN = new Set(specifiedScalarTypes.map((type) => type.name));

export function rootTypeNames(schema: GraphQLSchema): Set<string> {
  return new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => (type ? [type.name] : [])));
}

/** Types that are not the source's own to rename: built-in and shared scalars, introspection, roots. */
function keepsName(type: GraphQLNamedType, roots: ReadonlySet<string>): boolean {
  return BUILT_IN.has(type.name) || type.name.startsWith('__') || roots.has(type.name) || sharedScalarFor(type) !== undefined;
}

/** Works out every rename and removal, and what is wrong with them. */
export function planTransforms(schema: GraphQLSchema, config: TransformsConfig, locate: Locate): TransformPlan {
  const roots = rootTypeNames(schema);
  const typeRules = renameRules(config.rename?.types);
  const fieldRules = renameRules(config.rename?.fields);
  const plan: TransformPlan = {
    typeNames: new Map(),
    fieldNames: new Map(),
    enumValues: new Map(),
    removedFields: new Map(),
    removedTypes: new Set(),
    unreachableTypes: new Set(),
    problems: [],
  };
  const exclude = splitGlobs(config.filter?.exclude);
  const include = splitGlobs(config.filter?.include);
  const excludedType = globMatcher(exclude.types);
  const excludedField = globMatcher(exclude.fields);
  const includedRootField = include.fields.length > 0 ? globMatcher(include.fields) : () => true;
  const includedType = globMatcher(include.types);

  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!keepsName(type, roots)) {
      if (excludedType(type.name)) plan.removedTypes.add(type.name);
      const renamed = firstRename(typeRules, type.name) ?? (config.naming?.types ? applyConvention(type.name, config.naming.types) : type.name);
      if (renamed !== type.name) plan.typeNames.set(type.name, renamed);
    }
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const renames = new Map<string, string>();
      const removed = new Set<string>();
      for (const field of Object.keys(type.getFields())) {
        const subject = `${type.name}.${field}`;
        const output = !isInputObjectType(type);
        if (output && (excludedField(subject) || (roots.has(type.name) && !includedRootField(subject)))) removed.add(field);
        const ruled = firstRename(fieldRules, subject);
        const renamed = ruled?.startsWith(`${type.name}.`)
          ? ruled.slice(type.name.length + 1)
          : (ruled ?? (config.naming?.fields ? applyConvention(field, config.naming.fields) : field));
        if (renamed !== field) renames.set(field, renamed);
      }
      if (renames.size > 0) plan.fieldNames.set(type.name, renames);
      if (removed.size > 0) plan.removedFields.set(type.name, removed);
    }
    if (isEnumType(type) && config.naming?.enumValues && !keepsName(type, roots)) {
      const renames = new Map<string, string>();
      for (const value of type.getValues()) {
        const renamed = applyConvention(value.name, config.naming.enumValues);
        if (renamed !== value.name) renames.set(value.name, renamed);
      }
      if (renames.size > 0) plan.enumValues.set(type.name, renames);
    }
  }
  // A Mutation or Subscription type left with no field goes; Query cannot (reported as a problem).
  for (const root of [schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root && plan.removedFields.get(root.name)?.size === Object.keys(root.getFields()).length) plan.removedTypes.add(root.name);
  }
  plan.problems.push(...findPlanProblems(schema, plan, locate));
  if (config.filter && plan.problems.length === 0) removeUnreachable(schema, plan, roots, includedType);
  return plan;
}

/** After filtering, types that no kept field leads to go too (those `include` names stay). */
function removeUnreachable(schema: GraphQLSchema, plan: TransformPlan, roots: ReadonlySet<string>, kept: (name: string) => boolean): void {
  const reached = new Set<string>();
  const visit = (type: GraphQLNamedType) => {
    if (reached.has(type.name) || plan.removedTypes.has(type.name)) return;
    reached.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      const removed = plan.removedFields.get(type.name);
      for (const field of Object.values(type.getFields())) {
        if (removed?.has(field.name)) continue;
        visit(getNamedType(field.type));
        for (const arg of field.args) visit(getNamedType(arg.type));
      }
      for (const face of type.getInterfaces()) visit(face);
      if (isInterfaceType(type)) for (const member of schema.getPossibleTypes(type)) visit(member);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) visit(member);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
    }
  };
  for (const name of roots) visit(schema.getType(name)!);
  for (const type of Object.values(schema.getTypeMap())) if (kept(type.name)) visit(type);
  for (const type of Object.values(schema.getTypeMap())) {
    if (reached.has(type.name) || type.name.startsWith('__') || BUILT_IN.has(type.name) || plan.removedTypes.has(type.name)) continue;
    plan.removedTypes.add(type.name);
    plan.unreachableTypes.add(type.name);
  }
}
