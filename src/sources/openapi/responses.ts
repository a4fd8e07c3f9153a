import { GraphQLBoolean, GraphQLString, getNullableType, type GraphQLOutputType } from 'graphql';
import { SkipOperation } from './skip.js';
import { isRecord, type MediaTypeObject, type OperationObject, type ResponseObject } from './document.js';
import { isAnything, isJson, isText } from './media-types.js';
import { pointerSegment } from './names.js';
import type { MappingContext } from './schema-mapping/context.js';
import { outputType } from './schema-mapping/output-types.js';
import { JSONScalar } from '../../scalars/index.js';
import { redirectType } from './redirect-result.js';

/** How a successful answer is read. */
export interface ResponsePlan {
  /**
   * What the field holds. `value`: a JSON answer, parsed, of the field's mapped type; `text`: the
   * answer's text (a JSON answer's too); `base64`: the body's bytes in base64 (GraphQL has no
   * bytes), whatever their type; `empty`: `true` once the service said 2xx; `redirect`: where a
   * redirect, the operation's only success, leads (not followed).
   */
  form: 'value' | 'text' | 'base64' | 'empty' | 'redirect';
  /** For `value`: a text answer is the value itself (the field is a String, or no content is described). */
  holdsText: boolean;
  /** The media type the field's type comes from, named when an answer does not fit it. */
  declared: string;
  /** Sent as `accept`: the media types the field can hold. */
  accept: string;
}

/**
 * The root field's type, from the success response: 200 first, then 201, the other 2xx codes in
 * order, `2XX`, then a redirect (a `Redirect` for the client to follow: a signed download URL,
 * say), and `default` only when no success code is declared. A response without content
 * (or a HEAD request) is a Boolean; JSON is mapped from its schema (a string schema holds text
 * answers too); the wildcard media type is mapped from its schema, and is a String without one;
 * `text/*` is a String; any other media type (images, PDF, octet streams) is a String holding the
 * bytes in base64.
 */
export function mapResponse(
  context: MappingContext,
  operation: OperationObject,
  method: string,
  contextName: string,
  pointer: string,
): { plan: ResponsePlan; type: GraphQLOutputType } {
  const empty = { plan: plan('empty', '*/*'), type: GraphQLBoolean };
  if (method === 'head') return empty;
  const [code, response] = successResponse(operation.responses) ?? [];
  if (!response && switchesProtocols(operation.responses)) {
    throw new SkipOperation('its only success answer is 101 Switching Protocols (a WebSocket or another upgrade), which is not a request and its answer');
  }
  // No success response is described: keep whatever JSON or text the service sends.
  if (!response) return { plan: { ...plan('value', 'application/json, */*'), holdsText: true }, type: JSONScalar };
  if (isRedirect(code!)) return { plan: plan('redirect', '*/*'), type: redirectType(context) };
  const content = isRecord(response.content) ? (Object.entries(response.content) as [string, MediaTypeObject][]) : [];
  if (content.length === 0) return empty;
  const types = (test: (type: string) => boolean) => content.map(([type]) => type).filter(test);
  const typeOf = ([mediaType, media]: [string, MediaTypeObject]) => {
    const schema = isRecord(media) && isRecord(media.schema) ? media.schema : undefined;
    const at = `${pointer}/responses/${code}/content/${pointerSegment(mediaType)}/schema`;
    return schema ? outputType(context, schema, `${contextName}Response`, at, false) : undefined;
  };

  const json = content.find(([type]) => isJson(type));
  if (json) {
    const type = typeOf(json) ?? JSONScalar;
    const holdsText = holdsString(type);
    return { plan: { ...plan('value', [json[0], ...(holdsText ? types(isText) : [])].join(', ')), holdsText, declared: json[0] }, type };
  }
  const anything = content.find(([type]) => isAnything(type));
  if (anything) {
    // Anything may come. Its schema says what the field holds; without one, text. The service is
    // asked for JSON only when nothing else would fit the field.
    const type = typeOf(anything);
    if (isBinary(anything[1])) return { plan: plan('base64', anything[0]), type: GraphQLString };
    if (!type) return { plan: { ...plan('text', anything[0]), declared: `${anything[0]} (read as text)` }, type: GraphQLString };
    const holdsText = holdsString(type);
    return { plan: { ...plan('value', holdsText ? anything[0] : 'application/json'), holdsText, declared: `${anything[0]} (read as JSON)` }, type };
  }
  const text = types(isText);
  if (text.length > 0) return { plan: plan('text', text.join(', ')), type: GraphQLString };
  return { plan: plan('base64', content.map(([type]) => type).join(', ')), type: GraphQLString };
}

function plan(form: ResponsePlan['form'], accept: string): ResponsePlan {
  return { form, holdsText: false, declared: accept, accept };
}

/** A String field holds text as it is. */
function holdsString(type: GraphQLOutputType): boolean {
  return getNullableType(type) === GraphQLString;
}

/** `type: string, format: binary`: bytes, whatever media type carries them. */
function isBinary(media: MediaTypeObject): boolean {
  const schema = isRecord(media) && isRecord(media.schema) ? media.schema : undefined;
  return schema?.type === 'string' && schema.format === 'binary';
}

function successResponse(responses: OperationObject['responses']): [string, ResponseObject] | undefined {
  if (!isRecord(responses)) return undefined;
  const codes = Object.keys(responses);
  const exact = codes.filter((code) => /^2\d\d$/.test(code)).sort((a, b) => rank(a) - rank(b));
  const code = exact[0] ?? codes.find((code) => /^2xx$/i.test(code)) ?? codes.find(isRedirect) ?? codes.find((code) => code === 'default');
  const response = code === undefined ? undefined : responses[code];
  return code !== undefined && isRecord(response) ? [code, response] : undefined;
}

/** The operation answers only by switching protocols: no other 1xx, 2xx or 3xx answer, no default. */
function switchesProtocols(responses: OperationObject['responses']): boolean {
  return isRecord(responses) && '101' in responses && !Object.keys(responses).some((code) => code === 'default' || /^[23]/.test(code));
}

/** A redirect with a Location (`3XX` too); 300 (a choice) and 304 (not modified) are not. */
function isRedirect(code: string): boolean {
  return /^30[12378]$/.test(code) || /^3xx$/i.test(code);
}

/** 200 and 201 carry the representation most often; the other codes follow in numeric order. */
function rank(code: string): number {
  return code === '200' ? 0 : code === '201' ? 1 : Number(code);
}
