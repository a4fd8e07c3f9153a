import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { acceptsMultipartSubscription } from './media-types.js';
import { multipartSubscriptionProcessor } from './multipart-subscription.js';
import type { PlexusContext } from '../request-state.js';

export interface MultipartSubscriptionsOptions {
  /** Interval of the `{}` heartbeat part, in milliseconds (`httpStreams.heartbeat`). */
  heartbeatMs: number;
  logger: Logger;
}

/**
 * Subscriptions over multipart HTTP, as Apollo Client sends them
 * (`Accept: multipart/mixed;subscriptionSpec=1.0, application/json`). Yoga's own `multipart/mixed`
 * answers stay for incremental delivery (`@defer`, `@stream`) of queries: the Apollo format is
 * chosen only for a subscription whose client names `subscriptionSpec`. A subscription refused
 * before it started (auth, limits) is answered as JSON when the client accepts JSON, as a query
 * would be; otherwise as one multipart event.
 */
export function useMultipartSubscriptions({ heartbeatMs, logger }: MultipartSubscriptionsOptions): Plugin<PlexusContext> {
  const processor = multipartSubscriptionProcessor({ heartbeatMs, onInternalError: (error) => logger.error({ err: error }, 'subscription stream failed') });
  return {
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      if (!acceptsMultipartSubscription(request)) return;
      if (isAsyncIterable(result) || !resultProcessor) setResultProcessor(processor, 'multipart/mixed');
    },
  };
}
