import { GraphQLNonNull, GraphQLString, type GraphQLArgumentConfig, type GraphQLInputType } from 'graphql';
import { UploadScalar } from '../../scalars/index.js';
import { isRecord, type EncodingObject, type MediaTypeObject, type RequestBodyObject, type SchemaObject } from './document.js';
import { essence, isAnything, isJson, isText } from './media-types.js';
import type { UniqueNames } from './names.js';
import type { MappingContext } from './schema-mapping/context.js';
import { inputType } from './schema-mapping/input-types.js';
import { isFileProperty } from './schema-mapping/files.js';

/** `binary`: any other media type; the argument is an `Upload`, whose bytes are the body. */
export type BodyEncoding = 'json' | 'form' | 'multipart' | 'text' | 'binary';

/** How the body argument is sent. */
export interface BodyPlan {
  argument: string;
  type: GraphQLInputType;
  encoding: BodyEncoding;
  /** The content type sent (for multipart, the boundary is added when encoding). */
  mediaType: string;
  /** Per-property `encoding` of a form or multipart body. */
  properties: Record<string, EncodingObject>;
  /** Top-level properties of a multipart body that are files (`format: binary`). */
  files: ReadonlySet<string>;
}

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

/**
 * The body as one argument (`input`, with a generated input type; a String for text; an Upload
 * for binary media types, `application/octet-stream` and the like), or nothing when the operation
 * takes none. In a multipart body, file properties take Uploads.
 */
export function mapRequestBody(
  context: MappingContext,
  body: RequestBodyObject | undefined,
  contextName: string,
  argumentNames: UniqueNames,
): { plan: BodyPlan; arg: GraphQLArgumentConfig } | undefined {
  if (!isRecord(body) || !isRecord(body.content) || Object.keys(body.content).length === 0) return undefined;
  const [mediaType, media, encoding] = chooseMediaType(body.content as Record<string, MediaTypeObject>);
  const required = body.required === true;
  const schema: SchemaObject = isRecord(media.schema) ? media.schema : {};
  if (encoding === 'multipart') context.multipartBodies.add(context.resolver.resolve(schema).source);
  const scalar = encoding === 'text' ? GraphQLString : encoding === 'binary' ? UploadScalar : undefined;
  const type = scalar ? (required ? new GraphQLNonNull(scalar) : scalar) : inputType(context, schema, contextName, required);
  const argument = argumentNames.claim('input');
  return {
    plan: {
      argument,
      type,
      encoding,
      mediaType: isAnything(mediaType) ? 'application/json' : mediaType,
      properties: isRecord(media.encoding) ? media.encoding : {},
      files: encoding === 'multipart' ? fileProperties(context, schema) : new Set(),
    },
    arg: { type, ...(typeof body.description === 'string' && { description: body.description }) },
  };
}

/** JSON first, then the two form encodings, then plain text, else the first (as bytes). */
function chooseMediaType(content: Record<string, MediaTypeObject>): [string, MediaTypeObject, BodyEncoding] {
  const entries = Object.entries(content).map(([type, media]): [string, MediaTypeObject] => [type, isRecord(media) ? media : {}]);
  const pick = (test: (type: string) => boolean) => entries.find(([type]) => test(type));
  const json = pick(isJson) ?? pick(isAnything);
  if (json) return [...json, 'json'];
  const form = pick((type) => essence(type) === FORM);
  if (form) return [...form, 'form'];
  const multipart = pick((type) => essence(type) === MULTIPART);
  if (multipart) return [...multipart, 'multipart'];
  const text = pick(isText);
  return text ? [...text, 'text'] : [...entries[0]!, 'binary'];
}

function fileProperties(context: MappingContext, schema: SchemaObject): Set<string> {
  const { properties } = context.resolver.resolve(schema).schema;
  const files = new Set<string>();
  for (const [name, property] of Object.entries(properties ?? {})) {
    if (isRecord(property) && isFileProperty(property)) files.add(name);
  }
  return files;
}
