import { GraphQLList, GraphQLNonNull, type GraphQLInputType } from 'graphql';
import { isRecord, type SchemaObject } from '../document.js';
import { UploadScalar } from '../../../scalars/index.js';

/** `type: string, format: binary` (OpenAPI 3) or `type: file` (Swagger 2): a file's bytes. */
function isBinary(schema: SchemaObject | undefined): boolean {
  return isRecord(schema) && (schema.format === 'binary' || schema.type === 'file');
}

/** A multipart property that is a file, or a list of files: its parts go out as file parts. */
export function isFileProperty(property: SchemaObject): boolean {
  return isBinary(property) || (property.type === 'array' && isBinary(property.items as SchemaObject | undefined));
}

/** The argument type of a file property: `Upload`, or a list of them for an array of files. */
export function fileInputType(property: SchemaObject, required: boolean): GraphQLInputType {
  const type = isBinary(property) ? UploadScalar : new GraphQLList(new GraphQLNonNull(UploadScalar));
  return required ? new GraphQLNonNull(type) : type;
}
