import { afterEach, describe, expect, it } from 'vitest';
import { document, json, loadOpenapi, startRestHarness, type RestHarness } from './support.js';

let harness: RestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const link = { type: 'object', properties: { shared_link: { type: 'string' } } };
const file = { type: 'object', properties: { name: { type: 'string' } } };
const answers = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
const fileId = { name: 'file_id', in: 'path', required: true, schema: { type: 'string' } };
const fields = { name: 'fields', in: 'query', required: true, schema: { type: 'string' } };

// As in Box's API: path keys told apart by a fragment, one resource on the wire.
const BOX_LIKE = document({
  '/files/{file_id}': { get: { operationId: 'get_files_id', parameters: [fileId], responses: answers(file) } },
  '/files/{file_id}#get_shared_link': { get: { operationId: 'get_files_id#get_shared_link', parameters: [fileId, fields], responses: answers(link) } },
  '/shared_items#folders': { get: { responses: answers(file) } },
  '/shared_items#web_links': { get: { responses: answers(link) } },
});

describe('path keys with a fragment', () => {
  it('name an operation of their own, and the fragment is never sent', async () => {
    harness = await startRestHarness(BOX_LIKE, (request, res) =>
      json(res, 200, request.url.includes('fields') ? { shared_link: 'https://s/1' } : { name: 'a.txt' }),
    );
    const { body } = await harness.gateway.query(
      '{ getFilesId(file_id: "7") { name } getFilesIdGetSharedLink(file_id: "7", fields: "shared_link") { shared_link } getSharedItemsFolders { name } }',
    );
    expect(body).toEqual({
      data: { getFilesId: { name: 'a.txt' }, getFilesIdGetSharedLink: { shared_link: 'https://s/1' }, getSharedItemsFolders: { name: 'a.txt' } },
    });
    expect(harness.seen.map((request) => request.url).sort()).toEqual(['/files/7', '/files/7?fields=shared_link', '/shared_items']);
  });

  it('keys differing only by their fragment give two root fields', async () => {
    const { sdl } = await loadOpenapi({ 'openapi.json': BOX_LIKE });
    expect(sdl).toMatch(/getSharedItemsFolders: GetSharedItemsFoldersResponse\n/);
    expect(sdl).toMatch(/getSharedItemsWebLinks: GetSharedItemsWebLinksResponse\n/);
  });
});
