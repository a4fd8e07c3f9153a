import type { Plugin } from 'graphql-yoga';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Counter } from 'prom-client';
import type { LimitsConfig } from './config.js';
import { plexusError } from '../errors.js';
import { tooDeepEntry } from './input-size.js';
import type { OperationCost } from './operation-cost.js';
import type { PlexusContext } from '../request-state.js';

export interface InputLimitsOptions {
  /** The resolved `limits` section of gateway.yaml. */
  config: LimitsConfig;
  /** Prices an operation with its variables; the same function the rate limit charges with. */
  cost: OperationCost;
  /** `plexus_query_rejected_total`. */
  rejected: Counter<'limit'>;
}

/**
 * Limits on the work a request's input can cause, checked before anything walks it:
 * - `maxInputDepth`: as soon as the request's parameters are read, a variable or extension nested
 *   deeper is refused with 400 `BAD_USER_INPUT` (nothing recursive has seen it yet);
 * - `maxCost` once more, now with every list element of the variables and of the operation's list
 *   arguments priced at `listItemCost`: refused with `QUERY_TOO_COMPLEX` before the variables are
 *   coerced, the rate limit is charged or any source is called.
 * The selection alone is priced during validation (`useQueryLimits`); this adds the input to it.
 */
export function useInputLimits({ config, cost, rejected }: InputLimitsOptions): Plugin<PlexusContext> {
  const tooDeep = (values: unknown, what: (name: string) => string) => {
    const name = tooDeepEntry(values, config.maxInputDepth);
    if (name === undefined) return undefined;
    rejected.inc({ limit: 'maxInputDepth' });
    return plexusError('BAD_USER_INPUT', `${what(name)} is nested more than ${config.maxInputDepth} levels deep (limits.maxInputDepth)`, {
      httpStatus: 400,
      extensions: { limit: 'maxInputDepth' },
    });
  };

  const checkCost = (args: ExecutionArgs, stop: (result: ExecutionResult) => void) => {
    const total = cost(args.schema, args.document, args.operationName, args.variableValues ?? undefined);
    if (total <= config.maxCost) return;
    rejected.inc({ limit: 'maxCost' });
    const message = `Query Cost limit of ${config.maxCost} exceeded, found ${total} (each list item in variables and arguments costs ${config.listItemCost}).`;
    stop({ errors: [plexusError('QUERY_TOO_COMPLEX', message, { extensions: { limit: 'maxCost' } })] });
  };

  return {
    onParams({ params, setResult }) {
      const error = tooDeep(params.variables, (name) => `Variable "$${name}"`) ?? tooDeep(params.extensions, (name) => `Extension "${name}"`);
      if (error) setResult({ errors: [error] });
    },
    onExecute: ({ args, setResultAndStopExecution }) => checkCost(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => checkCost(args, setResultAndStopExecution),
  };
}
