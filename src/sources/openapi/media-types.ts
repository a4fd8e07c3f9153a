/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function essence(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** `application/json`, `application/problem+json`, `application/vnd.api+json`, `text/json`. */
export function isJson(mediaType: string): boolean {
  const type = essence(mediaType);
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json') || /^application\/[^/]*json[^/]*$/.test(type);
}

/** Bodies read as text: `text/*` and XML, which has no schema mapping but is readable as a string. */
export function isText(mediaType: string): boolean {
  const type = essence(mediaType);
  return type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml');
}

export function isAnything(mediaType: string): boolean {
  const type = essence(mediaType);
  return type === '*/*' || type === 'application/*';
}
