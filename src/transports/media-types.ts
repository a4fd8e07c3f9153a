/** One entry of an `Accept` header: its media type and parameters, names lower-cased, quotes removed. */
export interface AcceptedMediaType {
  mediaType: string;
  params: ReadonlyMap<string, string>;
}

/** The media types a request accepts, in the order written (`*\/*` when it names none). */
export function acceptedMediaTypes(request: Request): AcceptedMediaType[] {
  const header = request.headers.get('accept') || '*/*';
  return header
    .split(',')
    .map((entry) => {
      const [mediaType = '', ...rest] = entry.split(';').map((part) => part.trim());
      const params = new Map<string, string>();
      for (const param of rest) {
        const equals = param.indexOf('=');
        if (equals > 0)
          params.set(
            param.slice(0, equals).trim().toLowerCase(),
            param
              .slice(equals + 1)
              .trim()
              .replace(/^"(.*)"$/, '$1'),
          );
      }
      return { mediaType: mediaType.toLowerCase(), params };
    })
    .filter((entry) => entry.mediaType !== '');
}

/** A GET that asks for an event stream and nothing else: what `EventSource` sends. */
export function isEventStreamGet(request: Request): boolean {
  if (request.method !== 'GET') return false;
  const accepted = acceptedMediaTypes(request);
  return accepted.length > 0 && accepted.every((entry) => entry.mediaType === 'text/event-stream');
}

/** Whether the client asks for subscriptions over multipart HTTP (`multipart/mixed;subscriptionSpec=1.0`, Apollo Client). */
export function acceptsMultipartSubscription(request: Request): boolean {
  return acceptedMediaTypes(request).some((entry) => entry.mediaType === 'multipart/mixed' && entry.params.has('subscriptionspec'));
}

/** What `/graphql` answers over HTTP, named in every refusal of a transport. */
export const SUPPORTED_TRANSPORTS = {
  mediaTypes: ['application/graphql-response+json', 'application/json', 'text/event-stream', 'multipart/mixed'],
  transports: [
    'GraphQL over HTTP: POST application/json, or GET for queries, answered as application/graphql-response+json or application/json',
    'GraphQL over SSE (text/event-stream): distinct connections, single connection (graphql-sse), or EventSource with GET',
    'multipart HTTP: multipart/mixed for @defer and @stream; multipart/mixed;subscriptionSpec=1.0 for subscriptions',
    'GraphQL over WebSocket: the graphql-transport-ws subprotocol on /graphql',
  ],
} as const;
