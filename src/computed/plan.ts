import {
  GraphQLError,
  Kind,
  getDirectiveValues,
  getNamedType,
  isLeafType,
  isObjectType,
  print,
  type DirectiveNode,
  type FieldDefinitionNode,
  type GraphQLFieldResolver,
} from 'graphql';
import type { IResolvers } from '@graphql-tools/utils';
import type { Problem } from '../config/problems.js';
import { didYouMeanAny } from '../config/did-you-mean.js';
import type { Logger } from '../logger.js';
import type { LinkRuntime } from '../links/runtime.js';
import { graphqlProblem, type SdlFile } from '../sources/sdl-files.js';
import type { SourceView } from '../sources/source-view.js';
import { computedField, computedResolver, type ComputedField } from './computed-field.js';
import { computedDirective } from './directive.js';
import { createOperationCaller } from './operations.js';
import type { ResolverSet } from './resolver-modules.js';

export interface ComputedPlan {
  fields: ComputedField[];
  /** `extend type` definitions adding the computed fields to the gateway schema. */
  typeDefs: string;
  /** Stitching resolvers: each computed field with the selection of its required fields. */
  resolvers: IResolvers;
  /** The resolver of each computed field, by `Type.field`, to put back after stitching. */
  fieldResolvers: Map<string, GraphQLFieldResolver<never, never>>;
  problems: Problem[];
}

export interface PlanComputedOptions {
  files: readonly SdlFile[];
  views: ReadonlyMap<string, SourceView>;
  /** The loaded resolvers; undefined where they are not loaded (`plexus compose`): names are then not checked. */
  resolvers: ResolverSet | undefined;
  runtime: LinkRuntime;
  logger: Logger;
}

/** Validates every `@resolveWith` of `schemas/` against the sources and the loaded resolvers. */
export function planComputed(options: PlanComputedOptions): ComputedPlan {
  const plan: ComputedPlan = { fields: [], typeDefs: '', resolvers: {}, fieldResolvers: new Map(), problems: [] };
  const operations = createOperationCaller(options.views, options.runtime);
  const typeDefs: string[] = [];
  for (const { document, displayPath: file } of options.files) {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      for (const node of definition.fields ?? []) {
        const uses = (node.directives ?? []).filter((directive) => directive.name.value === computedDirective.name);
        if (uses.length === 0) continue;
        const fail = (message: string, at: DirectiveNode | FieldDefinitionNode = uses[0]!) =>
          void plan.problems.push(graphqlProblem(new GraphQLError(message, { nodes: [at] }), file));
        const typeName = definition.name.value;
        const id = `${typeName}.${node.name.value}`;
        if (uses.length > 1) fail(`field ${id} has more than one @resolveWith`, node);
        if ((node.directives ?? []).some((directive) => directive.name.value === 'resolveBy')) {
          fail(`field ${id} has both @resolveWith and @resolveBy`, node);
          continue;
        }
        let args: { resolver: string; requires?: string };
        try {
          args = getDirectiveValues(computedDirective, { directives: [uses[0]!] }) as typeof args;
        } catch (error) {
          plan.problems.push(graphqlProblem(error, file));
          continue;
        }
        const problem = checkDeclaration(options, typeName, node, args);
        if (problem) {
          fail(problem);
          continue;
        }
        const found = options.resolvers?.find(args.resolver);
        const field = computedField({ id, requires: splitRequires(args.requires), resolver: args.resolver, found, operations, logger: options.logger });
        plan.fields.push(field);
        typeDefs.push(`extend type ${typeName} { ${print({ ...node, directives: [] })} }`);
        const resolve = computedResolver(field);
        const typeResolvers = ((plan.resolvers as Record<string, Record<string, unknown>>)[typeName] ??= {});
        typeResolvers[node.name.value] = field.requires.length > 0 ? { selectionSet: `{ ${field.requires.join(' ')} }`, resolve } : { resolve };
        plan.fieldResolvers.set(id, resolve as GraphQLFieldResolver<never, never>);
      }
    }
  }
  plan.typeDefs = typeDefs.join('\n');
  return plan;
}

function splitRequires(requires: string | undefined): string[] {
  return [...new Set((requires ?? '').split(/[\s,]+/).filter((name) => name !== ''))];
}

function checkDeclaration(
  options: PlanComputedOptions,
  typeName: string,
  node: FieldDefinitionNode,
  args: { resolver: string; requires?: string },
): string | undefined {
  const parents = [...options.views.values()].flatMap((view) => {
    const type = view.visible.getType(typeName);
    return isObjectType(type) ? [{ source: view.entry.name, type }] : [];
  });
  if (parents.length === 0) return `type "${typeName}" is not an object type of any source`;
  const provider = parents.find(({ type }) => type.getFields()[node.name.value]);
  if (provider) return `field ${typeName}.${node.name.value} is already provided by source "${provider.source}"`;
  for (const name of splitRequires(args.requires)) {
    const field = parents.map(({ type }) => type.getFields()[name]).find((candidate) => candidate !== undefined);
    if (!field)
      return `requires: type "${typeName}" has no field "${name}"${didYouMeanAny(
        name,
        parents.flatMap(({ type }) => Object.keys(type.getFields())),
      )}`;
    if (!isLeafType(getNamedType(field.type)) || field.args.length > 0)
      return `requires: ${typeName}.${name} must be a field of scalars or enums without arguments`;
  }
  const { resolvers } = options;
  if (!resolvers) return undefined;
  const modules = resolvers.ambiguous(args.resolver);
  if (modules) return `resolver "${args.resolver}" is exported by more than one module (${modules.join(', ')})`;
  if (!resolvers.find(args.resolver)) {
    const names = resolvers.names();
    return names.length === 0
      ? `unknown resolver "${args.resolver}": gateway.yaml lists no modules under resolvers:`
      : `unknown resolver "${args.resolver}" (resolvers: ${names.join(', ')})${didYouMeanAny(args.resolver, names)}`;
  }
  return undefined;
}
