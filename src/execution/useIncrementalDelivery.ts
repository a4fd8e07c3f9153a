import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type ExecutionArgs } from 'graphql';
import { acceptsIncrementalDelivery, usesIncrementalDirectives, withoutIncrementalDirectives } from './incremental-directives.js';
import type { PlexusContext } from '../request-state.js';

/**
 * Decides who gets `@defer` and `@stream`: a query from a client that reads multipart/mixed or an
 * event stream runs with them and is answered in payloads; any other operation or client runs
 * without them and gets one ordinary answer (never an empty 406). Registered after the execution
 * engine, so that it wraps it.
 */
export function useIncrementalDelivery(): Plugin<PlexusContext> {
  const ordinary = (args: ExecutionArgs): ExecutionArgs => {
    if (!usesIncrementalDirectives(args.document)) return args;
    const query = getOperationAST(args.document, args.operationName)?.operation === 'query';
    if (query && acceptsIncrementalDelivery(args.contextValue)) return args;
    return { ...args, document: withoutIncrementalDirectives(args.document) };
  };
  return {
    onExecute({ setExecuteFn, executeFn }) {
      setExecuteFn((args: ExecutionArgs) => executeFn(ordinary(args)));
    },
    onSubscribe({ setSubscribeFn, subscribeFn }) {
      setSubscribeFn((args: ExecutionArgs) => subscribeFn({ ...args, document: withoutIncrementalDirectives(args.document) }));
    },
  };
}
