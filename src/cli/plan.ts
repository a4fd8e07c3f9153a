import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GraphQLError, Kind, Source, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { buildOffline } from '../compose/build.js';
import { describeFsError } from '../config/yaml-file.js';
import { describePlan } from '../execution/plan/describe-plan.js';
import { planDocument } from '../execution/plan/plan-document.js';
import { planText } from '../execution/plan/plan-text.js';
import { displayPathOf, graphqlProblem } from '../sources/sdl-files.js';
import { resolvePaths, type PathOptions } from './paths.js';

export interface PlanOptions extends PathOptions {
  /** The operation to plan, for a document holding several. */
  operation?: string;
  /** Variable values as a JSON object. Default: none. */
  variables?: string;
  /** Print the JSON description instead of the text. */
  json?: boolean;
}

/**
 * `plexus plan <file>`: composes the gateway schema offline, as `compose` does, and prints the
 * query plan of one operation of the document: its fetches, their sources, levels, dependencies
 * and key paths. An operation the planner does not cover is reported with the reason (exit 0: the
 * gateway runs it on the standard executor). Returns the exit code; throws what the user must fix.
 */
export async function planCommand(
  file: string,
  options: PlanOptions,
  cwd = process.cwd(),
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const shown = displayPathOf(cwd, resolve(cwd, file));
  const text = await readFile(resolve(cwd, file), 'utf8').catch((error: unknown) => {
    throw new Error(`cannot read ${shown} (${describeFsError(error)})`);
  });
  const variables = parseVariables(options.variables);
  const built = await buildOffline({ ...resolvePaths(options, cwd), cwd, env: process.env });
  const document = parseDocument(built.schema, new Source(text, shown));
  const operation = pickOperation(document, shown, options.operation);
  const coerced = getVariableValues(built.schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw new Error(`variables: ${coerced.errors.map((error) => error.message).join('; ')} (give them with --variables '{"name": value}')`);
  const description = describePlan(planDocument(built.schema, document, variables, operation.name?.value));
  if (options.json) write(JSON.stringify(description, null, 2));
  else for (const line of planText(description)) write(line);
  return 0;
}

function parseVariables(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`--variables: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('--variables: expected a JSON object of variable values');
  return value as Record<string, unknown>;
}

/** Parses and validates the document against the composed schema; every problem with file:line:column. */
function parseDocument(schema: GraphQLSchema, source: Source): DocumentNode {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    throw documentError([error as GraphQLError], source.name);
  }
  const errors = validate(schema, document);
  if (errors.length > 0) throw documentError(errors, source.name);
  return document;
}

function documentError(errors: readonly GraphQLError[], file: string): Error {
  const lines = errors.map((error) => {
    const problem = graphqlProblem(error, file);
    const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column}`;
    return `  ${where}: ${problem.message}`;
  });
  return new Error(
    `${errors.length === 1 ? 'the document has a problem' : `the document has ${errors.length} problems`} against the composed schema:\n${lines.join('\n')}`,
  );
}

function pickOperation(document: DocumentNode, file: string, name: string | undefined): OperationDefinitionNode {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const names = operations.map((operation) => operation.name?.value ?? '(anonymous)').join(', ');
  if (operations.length === 0) throw new Error(`${file} holds no operation, only fragments`);
  if (name !== undefined) {
    const found = operations.find((operation) => operation.name?.value === name);
    if (!found) throw new Error(`${file} has no operation named ${name}; its operations: ${names}`);
    return found;
  }
  if (operations.length > 1) throw new Error(`${file} holds ${operations.length} operations (${names}): pick one with --operation NAME`);
  return operations[0]!;
}
