/** The header apollo-upload-client users set, so that CSRF prevention lets a multipart request through. */
export const PREFLIGHT = { 'apollo-require-preflight': 'true' };

/**
 * A GraphQL multipart request as apollo-upload-client sends it: `operations` (the files replaced
 * by null), `map` (file part name to the variable paths it fills), then one part per file.
 */
export async function postUpload(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  files: Record<string, [Blob, string]>,
  headers: Record<string, string> = PREFLIGHT,
) {
  const form = new FormData();
  const placeholders = JSON.parse(JSON.stringify(variables)) as Record<string, unknown>;
  form.append('operations', JSON.stringify({ query, variables: placeholders }));
  form.append('map', JSON.stringify(Object.fromEntries(Object.keys(files).map((path, index) => [String(index + 1), [path]]))));
  Object.values(files).forEach(([blob, name], index) => form.append(String(index + 1), blob, name));
  const response = await fetch(`${url}/graphql`, { method: 'POST', body: form, headers });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] } };
}
