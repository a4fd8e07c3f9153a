import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { isSecretKey, redact } from './secrets.js';

/**
 * How a value the user gave reads in a message: strings quoted, long ones cut, structures by
 * their shape. Secret values are never shown.
 */
export function describeValue(input: unknown, path: readonly PropertyKey[] = []): string {
  if (input === undefined) return 'nothing';
  if (isSecretKey(path)) return `${kindOf(input)} (not shown: secret)`;
  if (input === null) return 'null';
  if (Array.isArray(input)) return input.length === 0 ? 'an empty list' : `a list of ${kindOf(input[0]).replace(/^an? /, '')}s`;
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') {
    const shown = String(redact(path, input));
    return JSON.stringify(shown.length > 60 ? `${shown.slice(0, 57)}...` : shown);
  }
  return String(input);
}

function kindOf(input: unknown): string {
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'null';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return 'a text';
  return `a ${typeof input}`;
}

/** `, got X` for a message that says what was expected. */
export function got(input: unknown, path: readonly PropertyKey[] = []): string {
  return `, got ${describeValue(input, path)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of keys',
  array: 'a list',
  record: 'a mapping of keys',
  null: 'null',
};

const typeName = (expected: string) => TYPE_NAMES[expected] ?? expected;

const FORMAT_NAMES: Record<string, string> = { url: 'a URL', email: 'an email address', uuid: 'a UUID', regex: 'text of the expected form' };

/**
 * The zod error map of every configuration file and variable: each message says what was
 * expected and what was found, instead of zod's "Invalid input". Schemas that know better (a
 * duration, a port) give their own message; this covers everything else.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  const path = issue.path ?? [];
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeName(issue.expected)}${got(issue.input, path)}`;
    case 'invalid_value': {
      const values = issue.values.map((value) => (typeof value === 'string' ? value : String(value)));
      const input = typeof issue.input === 'string' ? issue.input : '';
      const expected = values.length === 1 ? values[0] : values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
      return `expected ${expected}${got(issue.input, path)}${didYouMean(input, values)}`;
    }
    case 'too_small':
      return `expected ${bound(issue.origin, issue.inclusive ? 'at least' : 'above', issue.minimum)}${got(issue.input, path)}`;
    case 'too_big':
      return `expected ${bound(issue.origin, issue.inclusive ? 'at most' : 'below', issue.maximum)}${got(issue.input, path)}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}${got(issue.input, path)}`;
    case 'invalid_format':
      return `expected ${FORMAT_NAMES[issue.format] ?? `a ${issue.format}`}${got(issue.input, path)}`;
    case 'unrecognized_keys': {
      const known = knownKeys(issue.inst);
      // One line per key: each is reported where it stands.
      return issue.keys
        .map((key) => `unknown key "${[...path, key].map(String).join('.')}"${didYouMean(key, known, (name) => [...path, name].map(String).join('.'))}`)
        .join('\n');
    }
    case 'invalid_union':
      return `expected ${unionExpectation(issue.errors)}${got(issue.input, path)}`;
    case 'invalid_key':
      return issue.issues[0]?.message;
    case 'invalid_element':
      return issue.issues[0]?.message;
    default:
      return undefined;
  }
};

function bound(origin: string, relation: string, limit: number | bigint | Date): string {
  const amount = String(limit);
  if (origin === 'string') return `${relation} ${amount} character${amount === '1' ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return `${relation} ${amount} item${amount === '1' ? '' : 's'}`;
  return relation.startsWith('at') ? `a number of ${relation} ${amount}` : `a number ${relation} ${amount}`;
}

/** "text or a number": what each branch of a union would have taken. */
function unionExpectation(branches: readonly (readonly z.core.$ZodIssue[])[]): string {
  const names = new Set<string>();
  for (const issues of branches) {
    const first = issues[0];
    if (first?.code === 'invalid_type') names.add(typeName(first.expected));
    else if (first?.code === 'invalid_value') names.add(first.values.map(String).join(', '));
  }
  return names.size > 0 ? [...names].join(' or ') : 'another kind of value';
}

function knownKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}
