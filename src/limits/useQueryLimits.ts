import type { Plugin } from 'graphql-yoga';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Counter } from 'prom-client';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { LimitsConfig } from './config.js';
import { plexusError } from '../errors.js';
import { COST_OPTIONS } from './operation-cost.js';
import type { PlexusContext } from '../request-state.js';

export interface QueryLimitsOptions {
  /** The resolved `limits` section of gateway.yaml. */
  config: LimitsConfig;
  /** `plexus_query_rejected_total`. */
  rejected: Counter<'limit'>;
}

type LimitName = 'maxDepth' | 'maxCost' | 'maxAliases' | 'maxDirectives' | 'maxTokens' | 'maxIntrospectionDepth';

// graphql-js's own MaxIntrospectionDepthRule (a standard rule) refuses circular introspection with this message.
const INTROSPECTION_DEPTH_MESSAGE = 'Maximum introspection depth exceeded';

/**
 * Depth, cost, alias, directive and token limits (graphql-armor), checked while parsing and
 * validating, so an operation past a limit never reaches execution or an upstream. Every refusal
 * is `QUERY_TOO_COMPLEX` with `extensions.limit` naming the config key.
 */
export function useQueryLimits({ config, rejected }: QueryLimitsOptions): Plugin<PlexusContext> {
  const tooComplex = (limit: LimitName, error: GraphQLError | string) => {
    rejected.inc({ limit });
    const message = (typeof error === 'string' ? error : error.message).replace(/^Syntax Error: /, '');
    return plexusError('QUERY_TOO_COMPLEX', message, { extensions: { limit } });
  };
  // Reported as validation errors rather than thrown, so every exceeded limit is named at once.
  const report = (limit: LimitName, rename?: (message: string) => string) => ({
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(tooComplex(limit, rename ? rename(error.message) : error))],
  });

  // Depth counts fields only: a fragment spread or inline fragment adds no level, so a query has one
  // depth however it is split into fragments. A fragment cycle is refused by graphql-js's own rule.
  const depth = { flattenFragments: true } as const;
  const rules = [
    maxDepthRule({ n: config.maxDepth, ignoreIntrospection: true, ...depth, ...report('maxDepth') }),
    // armor skips `__schema` subtrees by default; this second depth rule counts them, with room for a standard introspection query.
    maxDepthRule({
      n: config.maxIntrospectionDepth,
      ignoreIntrospection: false,
      ...depth,
      ...report('maxIntrospectionDepth', (message) => message.replace('Query depth', 'Introspection depth')),
    }),
    costLimitRule({ maxCost: config.maxCost, ...COST_OPTIONS, ...report('maxCost') }),
    maxAliasesRule({ n: config.maxAliases, ...report('maxAliases') }),
    maxDirectivesRule({ n: config.maxDirectives, ...report('maxDirectives') }),
  ];

  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        maxTokensPlugin({
          n: config.maxTokens,
          // The parser has no validation context to report to: throwing ends parsing with our error.
          onReject: [
            (_context, error) => {
              throw tooComplex('maxTokens', error);
            },
          ],
        }),
      );
      if (config.blockFieldSuggestions) addPlugin(blockFieldSuggestionsPlugin({ mask: '' }));
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
      return ({ valid, result, setResult }) => {
        if (valid) return;
        setResult(result.map((error) => (error.message === INTROSPECTION_DEPTH_MESSAGE ? tooComplex('maxIntrospectionDepth', error) : error)));
      };
    },
  };
}
