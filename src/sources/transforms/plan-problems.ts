import { getNamedType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import type { Problem } from '../../config/problems.js';
import type { TransformPlan } from './transform-plan.js';

/** The problem for a `transforms` key of the source.yaml: located at that key's line. */
export type Locate = (path: readonly string[], message: string) => Problem;

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Clashes, names GraphQL refuses, and types a filter removes while kept fields still use them. */
export function findPlanProblems(schema: GraphQLSchema, plan: TransformPlan, locate: Locate): Problem[] {
  return [...typeNameProblems(schema, plan, locate), ...memberNameProblems(schema, plan, locate), ...danglingTypes(schema, plan, locate)];
}

function typeNameProblems(schema: GraphQLSchema, plan: TransformPlan, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const byNewName = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || plan.removedTypes.has(type.name)) continue;
    const name = plan.typeNames.get(type.name) ?? type.name;
    const where = plan.typeNames.has(type.name) ? ['rename', 'types'] : ['naming', 'types'];
    if (!NAME.test(name)) problems.push(locate(where, `type ${type.name} would be renamed to "${name}", which is not a GraphQL name`));
    const other = byNewName.get(name);
    if (other !== undefined) problems.push(locate(where, `types ${other} and ${type.name} would both be named ${name}`));
    else byNewName.set(name, type.name);
  }
  return problems;
}

function memberNameProblems(schema: GraphQLSchema, plan: TransformPlan, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const check = (type: GraphQLNamedType, names: readonly string[], renames: Map<string, string> | undefined, where: string[], what: string) => {
    const seen = new Map<string, string>();
    for (const old of names) {
      const name = renames?.get(old) ?? old;
      if (!NAME.test(name)) problems.push(locate(where, `${what} ${type.name}.${old} would be renamed to "${name}", which is not a GraphQL name`));
      const other = seen.get(name);
      if (other !== undefined) problems.push(locate(where, `${what}s ${type.name}.${other} and ${type.name}.${old} would both be named ${name}`));
      else seen.set(name, old);
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || plan.removedTypes.has(type.name)) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const removed = plan.removedFields.get(type.name);
      const names = Object.keys(type.getFields()).filter((field) => !removed?.has(field));
      if (names.length === 0) problems.push(locate(['filter'], `the filter removes every field of ${type.name}`));
      check(type, names, plan.fieldNames.get(type.name), ['rename', 'fields'], 'field');
    }
    const enumRenames = plan.enumValues.get(type.name);
    if (enumRenames && 'getValues' in type)
      check(
        type,
        type.getValues().map((value) => value.name),
        enumRenames,
        ['naming', 'enumValues'],
        'enum value',
      );
  }
  return problems;
}

function danglingTypes(schema: GraphQLSchema, plan: TransformPlan, locate: Locate): Problem[] {
  if (plan.removedTypes.size === 0) return [];
  const problems: Problem[] = [];
  const report = (used: string, by: string) => {
    if (plan.removedTypes.has(used)) problems.push(locate(['filter', 'exclude'], `the filter removes type ${used}, but ${by} still uses it`));
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || plan.removedTypes.has(type.name)) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      const removed = plan.removedFields.get(type.name);
      for (const field of Object.values(type.getFields())) {
        if (removed?.has(field.name)) continue;
        report(getNamedType(field.type).name, `${type.name}.${field.name}`);
        for (const arg of field.args) report(getNamedType(arg.type).name, `${type.name}.${field.name}(${arg.name})`);
      }
      for (const face of type.getInterfaces()) report(face.name, `${type.name} (implements it)`);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) report(member.name, `union ${type.name}`);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) report(getNamedType(field.type).name, `${type.name}.${field.name}`);
    }
  }
  return problems;
}
