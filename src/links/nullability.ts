import { Kind, print, type TypeNode } from 'graphql';
import type { Problem } from '../config/problems.js';
import { locatedProblem, type FieldLinkDeclaration } from './declarations.js';

/**
 * A link field declared non-null at the top turns a failure of its source into a null that
 * graphql-js carries up to the nearest nullable parent: the parent object, which another source
 * did answer, is lost with it. Declared nullable, only the link field is null, with the error.
 */
export function nonNullLinkWarning(declaration: FieldLinkDeclaration): Problem | undefined {
  const type = declaration.typeNode as TypeNode;
  if (type.kind !== Kind.NON_NULL_TYPE) return undefined;
  const { typeName, fieldName, args } = declaration;
  // Located at the type, the part to change (a field with a description starts lines earlier).
  return locatedProblem(
    { file: declaration.file, node: type },
    `${typeName}.${fieldName} is declared non-null (${print(type)}): when source "${args.source}" fails, the null moves up and erases each ${typeName} ` +
      `the other sources answered; declare it ${print(type.type)} so that a failure nulls only ${typeName}.${fieldName}, with the error on its path`,
  );
}
