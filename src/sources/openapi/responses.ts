import { GraphQLBoolean, GraphQLString, type GraphQLOutputType } from 'graphql';
import { isRecord, type MediaTypeObject, type OperationObject, type ResponseObject } from './document.js';
import { isAnything, isJson, isText } from './media-types.js';
import { pointerSegment } from './names.js';
import type { MappingContext } from './schema-mapping/context.js';
import { outputType } from './schema-mapping/output-types.js';
import { JSONScalar } from '../../scalars/index.js';

/** How a successful answer is read. */
export interface ResponsePlan {
  /**
   * `json`: parsed; `text`: the body as a string; `binary`: the body base64-encoded (GraphQL has no
   * bytes); `empty`: `true` once the service said 2xx.
   */
  kind: 'json' | 'text' | 'binary' | 'empty';
  /** Sent as `accept`. */
  accept: string;
}

/**
 * The root field's type, from the success response: 200 first, then 201, the other 2xx codes in
 * order, `2XX`, and `default` only when no success code is declared. A response without content
 * (or a HEAD request) is a Boolean; `text/*` is a String; JSON is mapped from its schema; any
 * other media type (images, PDF, octet streams) is a String holding the bytes in base64.
 */
export function mapResponse(
  context: MappingContext,
  operation: OperationObject,
  method: string,
  contextName: string,
  pointer: string,
): { plan: ResponsePlan; type: GraphQLOutputType } {
  const empty = { plan: { kind: 'empty', accept: '*/*' } as ResponsePlan, type: GraphQLBoolean };
  if (method === 'head') return empty;
  const [code, response] = successResponse(operation.responses) ?? [];
  if (!response) {
    // No success response is described: keep whatever the service sends.
    return { plan: { kind: 'json', accept: 'application/json, */*' }, type: JSONScalar };
  }
  const content = isRecord(response.content) ? Object.entries(response.content) : [];
  if (content.length === 0) return empty;
  const pick = (test: (type: string) => boolean) => content.find(([type]) => test(type));
  const json = pick(isJson) ?? pick(isAnything);
  if (json) {
    const [mediaType, media] = json as [string, MediaTypeObject];
    const schema = isRecord(media) && isRecord(media.schema) ? media.schema : undefined;
    const at = `${pointer}/responses/${code}/content/${pointerSegment(mediaType)}/schema`;
    return {
      plan: { kind: 'json', accept: mediaType },
      type: schema ? outputType(context, schema, `${contextName}Response`, at, false) : JSONScalar,
    };
  }
  const text = pick(isText);
  if (text) return { plan: { kind: 'text', accept: text[0] }, type: GraphQLString };
  return { plan: { kind: 'binary', accept: content.map(([type]) => type).join(', ') }, type: GraphQLString };
}

function successResponse(responses: OperationObject['responses']): [string, ResponseObject] | undefined {
  if (!isRecord(responses)) return undefined;
  const codes = Object.keys(responses);
  const exact = codes.filter((code) => /^2\d\d$/.test(code)).sort((a, b) => rank(a) - rank(b));
  const code = exact[0] ?? codes.find((code) => /^2xx$/i.test(code)) ?? codes.find((code) => code === 'default');
  const response = code === undefined ? undefined : responses[code];
  return code !== undefined && isRecord(response) ? [code, response] : undefined;
}

/** 200 and 201 carry the representation most often; the other codes follow in numeric order. */
function rank(code: string): number {
  return code === '200' ? 0 : code === '201' ? 1 : Number(code);
}
