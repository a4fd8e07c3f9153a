import { stringify } from 'lossless-json';
import { FormData } from 'undici';
import type { HttpBody } from '../../upstream/http-client.js';
import { isUploadedFile } from '../../scalars/upload.js';
import { queryPairs } from './parameter-serialization.js';
import type { BodyPlan } from './request-body.js';
import { fileBody, filePart } from './file-parts.js';

export interface EncodedBody {
  body: HttpBody;
  /** Absent for multipart: the HTTP client writes the type with the boundary it chose. */
  contentType?: string;
  /** Headers that come with the body (a file's name, for a binary body). */
  headers?: Record<string, string>;
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
      return isUploadedFile(value) ? fileBody(value, plan.mediaType) : { body: Buffer.from(String(value), 'base64'), contentType: plan.mediaType };
    case 'form':
      return { body: formEncode(plan, value), contentType: 'application/x-www-form-urlencoded' };
    case 'multipart':
      return { body: multipartEncode(plan, value) };
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
 * The multipart body as undici's FormData, which the HTTP client streams with the boundary it
 * picks: uploaded files as file parts, read from disk as they are sent, never whole in memory;
 * other values as text (objects as JSON); arrays as repeated parts.
 */
function multipartEncode(plan: BodyPlan, value: unknown): FormData {
  const form = new FormData();
  for (const [name, item] of fields(value)) {
    const items = Array.isArray(item) ? item : [item];
    for (const element of items) {
      if (isUploadedFile(element)) form.append(name, filePart(element, plan.properties[name]?.contentType), element.name);
      else form.append(name, partText(element));
    }
  }
  return form;
}
