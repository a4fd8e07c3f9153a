/** A concrete media type (`image/png`), not a range (`image/*`) or a list of them. */
function concrete(type: string | undefined): string | undefined {
  return type && !type.includes('*') && !type.includes(',') ? type.trim() : undefined;
}

/**
 * An uploaded file as a multipart part: the type the client gave it, else the one the document
 * declares for the property, else `application/octet-stream`. Re-typing a File copies no bytes.
 */
export function filePart(file: File, declared: string | undefined): File {
  if (file.type) return file;
  return new File([file], file.name, { type: concrete(declared) ?? 'application/octet-stream' });
}

/** RFC 6266: the name as ASCII for old readers, and exact in UTF-8 for the rest. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/**
 * An uploaded file as the whole body (`application/octet-stream` and other binary media types):
 * sent as the type the document declares, or the file's own when the document names a range,
 * with its name in Content-Disposition. The file streams from disk as it is sent.
 */
export function fileBody(file: File, declared: string): { body: File; contentType: string; headers: Record<string, string> } {
  const contentType = concrete(declared) ?? (file.type || 'application/octet-stream');
  return { body: file, contentType, headers: file.name ? { 'content-disposition': contentDisposition(file.name) } : {} };
}
