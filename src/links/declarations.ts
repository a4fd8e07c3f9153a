import { GraphQLError, Kind, getDirectiveValues, type ASTNode, type DirectiveNode, type GraphQLDirective } from 'graphql';
import type { Problem } from '../config/problems.js';
import { graphqlProblem, type SdlFile } from '../sources/sdl-files.js';

export interface LinkArgs {
  source: string;
  operation: string;
  key: string;
  argument?: string;
  matchOn?: string;
  results?: string;
  maxBatchSize?: number;
}

/** Where a declaration was written, for messages that point at it. */
export interface Located {
  file: string;
  node: ASTNode;
  /** The link directive itself, where problems with its arguments point. */
  directive?: ASTNode;
}

/** `extend type T { field: Type @resolveBy(...) }` */
export interface FieldLinkDeclaration extends Located {
  typeName: string;
  fieldName: string;
  /** The field's type as written, e.g. `[Order!]!`. */
  typeNode: ASTNode;
  args: LinkArgs;
}

/** `extend type T @merge(...)` */
export interface MergeDeclaration extends Located {
  typeName: string;
  args: Omit<LinkArgs, 'results' | 'maxBatchSize'>;
}

export interface Declarations {
  fieldLinks: FieldLinkDeclaration[];
  merges: MergeDeclaration[];
}

/** Finds the link directives in `schemas/*.graphql`, with their arguments checked against the definitions. */
export function readDeclarations(
  files: readonly SdlFile[],
  definitions: { resolveBy: GraphQLDirective; merge: GraphQLDirective },
): { declarations: Declarations; problems: Problem[] } {
  const declarations: Declarations = { fieldLinks: [], merges: [] };
  const problems: Problem[] = [];
  const values = <T>(
    definition: GraphQLDirective,
    node: { directives?: readonly DirectiveNode[] },
    file: string,
  ): Array<{ args: T; directive: DirectiveNode }> => {
    const uses = (node.directives ?? []).filter((directive) => directive.name.value === definition.name);
    return uses.flatMap((use) => {
      try {
        return [{ args: getDirectiveValues(definition, { directives: [use] }) as T, directive: use }];
      } catch (error) {
        problems.push(graphqlProblem(error, file));
        return [];
      }
    });
  };
  for (const { document, displayPath: file } of files) {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      const typeName = definition.name.value;
      for (const { args, directive } of values<MergeDeclaration['args']>(definitions.merge, definition, file)) {
        declarations.merges.push({ typeName, args, file, node: definition.name, directive });
      }
      for (const field of definition.fields ?? []) {
        const links = values<LinkArgs>(definitions.resolveBy, field, file);
        if (links.length > 1) {
          problems.push(graphqlProblem(new GraphQLError(`field ${typeName}.${field.name.value} has more than one @resolveBy`, { nodes: [field] }), file));
        }
        if (links[0]) {
          declarations.fieldLinks.push({
            typeName,
            fieldName: field.name.value,
            typeNode: field.type,
            args: links[0].args,
            file,
            node: field,
            directive: links[0].directive,
          });
        }
      }
    }
  }
  return { declarations, problems };
}

/** A problem at the link directive (or, without one, at the declaration's node). */
export function locatedProblem(declaration: Located, message: string): Problem {
  return graphqlProblem(new GraphQLError(message, { nodes: [declaration.directive ?? declaration.node] }), declaration.file);
}
