import { stringify } from 'lossless-json';
import { queryPairs } from './parameter-serialization.js';
import type { BodyPlan } from './request-body.js';

export interface EncodedBody {
  body: string | Buffer;
  contentType: string;
}

/** Serialises the body argument (already in wire form) as the operation's media type asks. */
export async function encodeBody(plan: BodyPlan, value: unknown): Promise<EncodedBody> {
  switch (plan.encoding) {
    case 'json':
      // lossless-json writes bigints (int64 arguments) as plain JSON numbers, digit for digit.
      return { body: stringify(value) ?? 'null', contentType: plan.mediaType };
    case 'text':
      return { body: String(value), contentType: plan.mediaType };
    case 'binary':
      return { body: Buffer.from(String(value), 'base64'), contentType: plan.mediaType };
    case 'form':
      return { body: formEncode(plan, value), contentType: 'application/x-www-form-urlencoded' };
    case 'multipart':
      return multipartEncode(plan, value);
  }
}

function fields(value: unknown): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).filter(([, item]) => item !== undefined && item !== null);
}

/** Each property as a form parameter, with its `encoding` style (default: form, exploded). */
function formEncode(plan: BodyPlan, value: unknown): string {
  return fields(value)
    .flatMap(([name, item]) => {
      const encoding = plan.properties[name];
      const style = encoding?.style ?? 'form';
      return queryPairs({ name, style, explode: encoding?.explode ?? style === 'form', allowReserved: encoding?.allowReserved ?? false }, item);
    })
    .join('&');
}

function partText(value: unknown): string {
  if (typeof value === 'string') return value;
  return stringify(value) ?? '';
}

/**
 * Builds the multipart body with the platform's FormData and lets Response serialise it, boundary
 * included. Binary properties are sent as file parts; objects as JSON text; arrays as repeated parts.
 */
async function multipartEncode(plan: BodyPlan, value: unknown): Promise<EncodedBody> {
  const form = new FormData();
  for (const [name, item] of fields(value)) {
    const items = Array.isArray(item) ? item : [item];
    for (const element of items) {
      if (plan.files.has(name)) {
        const type = plan.properties[name]?.contentType ?? 'application/octet-stream';
        form.append(name, new Blob([partText(element)], { type }), name);
      } else {
        form.append(name, partText(element));
      }
    }
  }
  const response = new Response(form);
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? 'multipart/form-data' };
}
