import type { Plugin } from 'graphql-yoga';
import type { Counter } from 'prom-client';
import { GraphQLError, getOperationAST, locatedError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from '@graphql-tools/utils';
import { buildExecutionContext } from 'graphql/execution/execute.js';
import { planningSchemaOf } from './plan/planning-schema.js';
import { federatedFallbackError } from './federated-fallback.js';
import { planOperation } from './plan/plan-operation.js';
import { createPlanCache } from './plan/plan-cache.js';
import { createRequestRun, type RequestRun } from './execute/request-run.js';
import type { DocumentRootFetch, EventFetch, QueryPlan, Unplanned } from './plan/query-plan.js';
import { documentOutput, isStreamRoot, runFetches } from './execute/run-fetches.js';
import { deliverIncrementally } from './execute/incremental.js';
import { usesIncrementalDirectives } from './incremental-directives.js';
import { assemble } from './execute/assemble.js';
import { describePlan } from './plan/describe-plan.js';
import { attachRequestState, requestStateOf, type PlexusContext } from '../request-state.js';
import { PLAN_EXTENSION, asksForPlan } from './plan/plan-extension.js';

export interface PlannedExecutionOptions {
  /** Plans kept per schema. */
  cacheSize: number;
  /** Answer a query or mutation carrying `x-plexus-plan: 1` with its plan in `extensions.plan`. Default false. */
  exposePlan?: boolean;
  /** Counts plan lookups (`plexus_query_plans_total`). */
  plans?: Counter<'result'>;
}

/**
 * Executes queries and mutations through query plans: the fetches an operation needs are planned
 * once per document (and values of its `@skip`/`@include` variables), run with every key of one
 * link at one plan level in one call, and the response is assembled in one pass. A subscription
 * runs its plan once per event. Operations the planner does not cover yet (see `planOperation`)
 * run on the executor it wraps. With `exposePlan`, a query or mutation whose request carries the
 * header `x-plexus-plan: 1` gets the plan's description (or why there is none) in `extensions.plan`;
 * the response cache never stores such an answer.
 */
export function usePlannedExecution(options: PlannedExecutionOptions): Plugin<PlexusContext> {
  const plans = createPlanCache(options.cacheSize, (result) => options.plans?.inc({ result }));
  /** The plan of an operation and what running it needs (`start`: absent where the executor it wraps must run it). */
  const prepare = (args: ExecutionArgs, incremental = false): { plan?: QueryPlan | Unplanned; start?: (context?: unknown) => RequestRun } => {
    const planning = planningSchemaOf(args.schema);
    if (!planning) return {};
    const context = buildExecutionContext(args);
    // Variables that do not fit: the standard executor refuses them, with its own messages.
    if (Array.isArray(context)) return {};
    const { operation, fragments, variableValues } = context as Exclude<typeof context, readonly GraphQLError[]>;
    const { schema, document } = args;
    const plan = plans.get(schema, document, args.operationName, variableValues, incremental, () =>
      planOperation({ schema, planning, document, operation, fragments, variableValues, incremental }),
    );
    if ('unplanned' in plan) return { plan };
    return {
      plan,
      start: (context = args.contextValue) =>
        createRequestRun({ plan, schema, runtime: planning.runtime, context, rootValue: args.rootValue, document, operation, fragments, variableValues }),
    };
  };

  return {
    onExecute({ args, setExecuteFn, executeFn }) {
      if (!planningSchemaOf(args.schema) || getOperationAST(args.document, args.operationName)?.operation === 'subscription') return;
      setExecuteFn(async (executionArgs: ExecutionArgs) => {
        // Documents reach here with @defer and @stream only for clients that read incremental answers (useIncrementalDelivery).
        const incremental =
          usesIncrementalDirectives(executionArgs.document) && getOperationAST(executionArgs.document, executionArgs.operationName)?.operation === 'query';
        const { plan, start } = prepare(executionArgs, incremental);
        const exposed = plan !== undefined && options.exposePlan === true && asksForPlan(executionArgs.contextValue);
        if (!start) {
          const refused = plan && federatedFallbackError(executionArgs.schema, executionArgs.document, planningSchemaOf(executionArgs.schema)!.federatedTypes);
          if (refused) return exposed ? withPlan({ errors: [refused] }, plan) : { errors: [refused] };
          return exposed ? withPlan(await executeFn(executionArgs), plan) : executeFn(executionArgs);
        }
        const run = start();
        if (run.plan.incremental) return deliverIncrementally(run);
        await runFetches(run);
        return exposed ? withPlan(finish(run), plan) : finish(run);
      });
    },
    // Subscriptions run here rather than on the executor below whenever the planner covers them:
    // each event runs the plan on a context of its own (eventContext), so the links of one event
    // are fetched in one call per link, and never answered from an earlier event. The standard
    // executor keeps link loaders for the whole request, and would serve a key seen in an earlier
    // event from that event's answer.
    onSubscribe({ args, setSubscribeFn, subscribeFn }) {
      if (!planningSchemaOf(args.schema)) return;
      setSubscribeFn(async (subscribeArgs: ExecutionArgs) => {
        const { start } = prepare(subscribeArgs);
        if (!start) return subscribeFn(subscribeArgs);
        const opening = start();
        const root = opening.plan.fetches.find(isStreamRoot)!;
        const opened = root.kind === 'event' ? await openEvents(opening, root, subscribeArgs.contextValue) : await openDocument(opening, root);
        if (!('stream' in opened)) return opened;
        // Each event runs the plan once: its value is the stream root's output, the links below are fetched for it.
        return mapAsyncIterator(opened.stream, async (payload) => {
          const run = start(eventContext(subscribeArgs.contextValue));
          run.outputs[root.id] = await opened.output(payload, run);
          await runFetches(run);
          return finish(run);
        });
      });
    },
  };
}

/** An opened stream, and how one of its payloads becomes the stream root's output. */
interface OpenedStream {
  stream: AsyncIterable<unknown>;
  output(payload: unknown, run: RequestRun): Promise<unknown>;
}

/** A source's own stream (gRPC server streaming): each payload is resolved by the source. */
async function openEvents(opening: RequestRun, event: EventFetch, context: unknown): Promise<ExecutionResult | OpenedStream> {
  const info = () => opening.info(event.field, event.nodes, event.rootType, event.responseKey);
  const path = [event.responseKey];
  let stream: unknown;
  try {
    stream = await event.stream.subscribeFromRequest(context, info());
    if (stream instanceof Error) throw stream;
  } catch (error) {
    return { errors: [locatedError(error, event.nodes, path)] };
  }
  if (!isAsyncIterable(stream))
    return { errors: [locatedError(new Error(`Subscription field must return Async Iterable. Received: ${String(stream)}.`), event.nodes, path)] };
  return { stream, output: (payload, run) => event.stream.resolve(payload, run.context, info()).catch((error: unknown) => error) };
}

/** A GraphQL source's subscription: the source's document is sent once, and each event is one answer to it. */
async function openDocument(opening: RequestRun, root: DocumentRootFetch): Promise<ExecutionResult | OpenedStream> {
  let answer: unknown;
  try {
    answer = await root.view.subschema.executor!({
      document: root.document,
      variables: opening.sourceVariables(root.variables),
      operationType: root.operationType,
      context: opening.context as Record<string, unknown>,
    });
  } catch (error) {
    answer = { errors: [error] };
  }
  if (!isAsyncIterable(answer)) {
    // Refused before any event: the answer is placed like an answer to a query.
    opening.outputs[root.id] = documentOutput(root, answer as ExecutionResult);
    await runFetches(opening);
    return finish(opening);
  }
  return { stream: answer, output: async (payload) => documentOutput(root, payload as ExecutionResult) };
}

/**
 * The context one event of a subscription runs on: the subscription's, with identical calls shared
 * within the event only, so that a later event never reads an earlier event's answer and a long
 * stream keeps no answer it no longer needs. Call counts and cache hints stay the subscription's.
 */
function eventContext(context: unknown): unknown {
  const state = requestStateOf(context);
  if (!state || context === null || typeof context !== 'object') return context;
  const event = Object.create(context) as object;
  attachRequestState(event, { ...state, calls: new Map() });
  return event;
}

function finish(run: RequestRun): ExecutionResult {
  const errors: GraphQLError[] = [];
  const data = assemble(run, errors);
  return errors.length === 0 ? { data } : { errors, data };
}

/** The result with the plan's description under `extensions.plan`; a stream is left as it is. */
function withPlan<Result>(result: Result, plan: QueryPlan | Unplanned): Result {
  if (result === null || typeof result !== 'object' || isAsyncIterable(result)) return result;
  const { extensions } = result as ExecutionResult;
  return { ...result, extensions: { ...extensions, [PLAN_EXTENSION]: describePlan(plan) } };
}
