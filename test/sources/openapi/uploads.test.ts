import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import { getNamedType, type GraphQLInputObjectType } from 'graphql';
import { Busboy } from '@fastify/busboy';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../../helpers/cli.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';
import { metricValue, startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { PREFLIGHT, postUpload } from '../../helpers/multipart.js';
import { eventually } from '../../helpers/processes.js';
import { startHttpServer, type TestServer } from '../../helpers/servers.js';
import { document } from './support.js';

/** What the service received of one file: counted and hashed as it streamed in. */
interface ReceivedFile {
  field: string;
  filename: string;
  type: string;
  disposition: string;
  size: number;
  sha256: string;
}

interface Receipt {
  files: ReceivedFile[];
  fields: { name: string; value: string }[];
}

const fileSchema = {
  type: 'object',
  properties: {
    field: { type: 'string' },
    filename: { type: 'string' },
    type: { type: 'string' },
    disposition: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
  },
};
const receiptSchema = {
  type: 'object',
  properties: {
    files: { type: 'array', items: fileSchema },
    fields: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } } },
  },
};
const answers = { '200': { description: 'what arrived', content: { 'application/json': { schema: receiptSchema } } } };
const multipart = (schema: unknown) => ({ required: true, content: { 'multipart/form-data': { schema } } });

const openapi = document({
  '/documents': {
    post: {
      operationId: 'uploadDocument',
      requestBody: multipart({ type: 'object', required: ['file'], properties: { title: { type: 'string' }, file: { type: 'string', format: 'binary' } } }),
      responses: answers,
    },
  },
  '/albums': {
    post: {
      operationId: 'createAlbum',
      requestBody: multipart({
        type: 'object',
        properties: { name: { type: 'string' }, photos: { type: 'array', items: { type: 'string', format: 'binary' } } },
      }),
      responses: answers,
    },
  },
  '/blobs': {
    put: {
      operationId: 'putBlob',
      requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      responses: answers,
    },
  },
});

async function digest(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/** The REST service: reads multipart bodies part by part (and other bodies whole) as a stream, keeping only sizes and hashes. */
function receive(req: IncomingMessage, res: ServerResponse, requests: IncomingMessage[]): void {
  requests.push(req);
  const receipt: Receipt = { files: [], fields: [] };
  const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(receipt));
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    void digest(req).then(({ size, sha256 }) => {
      receipt.files.push({ field: '', filename: '', type, disposition: req.headers['content-disposition'] ?? '', size, sha256 });
      answer();
    });
    return;
  }
  const parser = Busboy({ headers: { 'content-type': type } });
  const hashed: Promise<void>[] = [];
  parser.on('field', (name, value) => receipt.fields.push({ name, value }));
  parser.on('file', (field, stream, filename, _encoding, mimeType) => {
    const entry: ReceivedFile = { field, filename, type: mimeType, disposition: '', size: 0, sha256: '' };
    receipt.files.push(entry);
    hashed.push(digest(stream).then((result) => void Object.assign(entry, result)));
  });
  parser.on('finish', () => void Promise.all(hashed).then(answer));
  req.pipe(parser);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DOCUMENT =
  'mutation($file: Upload!, $title: String) { uploadDocument(input: { file: $file, title: $title }) { files { field filename type size sha256 } fields { name value } } }';

describe('file uploads (GraphQL multipart requests) to a REST service', () => {
  let upstream: TestServer;
  let requests: IncomingMessage[];
  let project: TempProject;
  let gateway: TestGateway;
  let files: string;

  beforeAll(async () => {
    requests = [];
    upstream = await startHttpServer((req, res) => receive(req, res, requests));
    project = await tempProject({
      'sources/api/source.yaml': `kind: openapi\nendpoint: ${upstream.url}\nschema: openapi.json\n`,
      'sources/api/openapi.json': openapi,
    });
    files = await mkdtemp(join(tmpdir(), 'plexus-upload-test-'));
    gateway = await startTestGateway({
      sourcesDir: project.sourcesDir,
      // A small body limit: files pass it, as they are held to their own.
      config: { limits: { maxBodySize: '16kb' }, uploads: { maxFileSize: '256kb', maxFiles: 2 } },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
    await project?.remove();
    await rm(files, { recursive: true, force: true });
  });

  const url = () => `http://127.0.0.1:${gateway.server.port}`;

  it('maps multipart file properties and binary bodies to Upload', () => {
    const mutation = gateway.gateway.schema().getMutationType()!.getFields();
    expect(String(mutation['putBlob']!.args[0]!.type)).toBe('Upload!');
    const input = getNamedType(mutation['createAlbum']!.args[0]!.type) as GraphQLInputObjectType;
    expect(String(input.getFields()['photos']!.type)).toBe('[Upload!]');
  });

  it('sends a file bigger than limits.maxBodySize as a file part with its name, type and exact bytes', async () => {
    const bytes = new Uint8Array(200 * 1024).map((_, index) => (index * 7) % 251);
    const before = requests.length;
    const { status, body } = await postUpload(
      url(),
      DOCUMENT,
      { file: null, title: 'report' },
      { 'variables.file': [new Blob([bytes], { type: 'application/pdf' }), 'report.pdf'] },
    );
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.uploadDocument).toEqual({
      files: [{ field: 'file', filename: 'report.pdf', type: 'application/pdf', size: bytes.length, sha256: sha256(bytes) }],
      fields: [{ name: 'title', value: 'report' }],
    });
    expect(requests.length - before).toBe(1);
  });

  it('sends a list of files as repeated parts, in order', async () => {
    const first = new TextEncoder().encode('first photo');
    const second = new TextEncoder().encode('second photo, a little longer');
    const { body } = await postUpload(
      url(),
      'mutation($photos: [Upload!]) { createAlbum(input: { name: "trip", photos: $photos }) { files { field filename type sha256 } } }',
      { photos: [null, null] },
      {
        'variables.photos.0': [new Blob([first], { type: 'image/png' }), 'a.png'],
        'variables.photos.1': [new Blob([second], { type: 'image/jpeg' }), 'b.jpg'],
      },
    );
    expect(body.data.createAlbum.files).toEqual([
      { field: 'photos', filename: 'a.png', type: 'image/png', sha256: sha256(first) },
      { field: 'photos', filename: 'b.jpg', type: 'image/jpeg', sha256: sha256(second) },
    ]);
  });

  it('sends an application/octet-stream body as the file itself, its name in Content-Disposition', async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 254, 10, 13]);
    const { body } = await postUpload(
      url(),
      'mutation($blob: Upload!) { putBlob(input: $blob) { files { type disposition size sha256 } } }',
      { blob: null },
      {
        'variables.blob': [new Blob([bytes], { type: 'image/x-raw' }), 'raw dump.bin'],
      },
    );
    expect(body.data.putBlob.files).toEqual([
      {
        type: 'application/octet-stream',
        disposition: `attachment; filename="raw dump.bin"; filename*=UTF-8''raw%20dump.bin`,
        size: bytes.length,
        sha256: sha256(bytes),
      },
    ]);
  });

  it('refuses a file over uploads.maxFileSize and more files than uploads.maxFiles with 413, calling no service', async () => {
    const before = requests.length;
    const big = await postUpload(url(), DOCUMENT, { file: null }, { 'variables.file': [new Blob([new Uint8Array(300 * 1024)]), 'big.bin'] });
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0]).toMatchObject({
      message: 'The file "big.bin" is larger than 262144 bytes (uploads.maxFileSize)',
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit: 'uploads.maxFileSize' },
    });
    const photo = (name: string): [Blob, string] => [new Blob([name]), name];
    const many = await postUpload(
      url(),
      'mutation($photos: [Upload!]) { createAlbum(input: { photos: $photos }) { files { filename } } }',
      { photos: [null, null, null] },
      { 'variables.photos.0': photo('a'), 'variables.photos.1': photo('b'), 'variables.photos.2': photo('c') },
    );
    expect(many.status).toBe(413);
    expect(many.body.errors?.[0]).toMatchObject({
      message: 'A request may carry at most 2 files (uploads.maxFiles)',
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
    expect(requests.length).toBe(before);
  });

  it('keeps limits.maxBodySize for every other body', async () => {
    const { status } = await gateway.query('mutation($title: String) { uploadDocument(input: { title: $title }) { fields { name } } }', {
      title: 'x'.repeat(20_000),
    });
    expect(status).toBe(413);
  });

  it('refuses a multipart request without a preflight header as a possible cross-site request forgery', async () => {
    const before = requests.length;
    const { status, body } = await postUpload(url(), DOCUMENT, { file: null }, { 'variables.file': [new Blob(['x']), 'x.txt'] }, {});
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(requests.length).toBe(before);
  });

  it('refuses a map path outside the variables and a file given as a literal', async () => {
    const outside = await postUpload(url(), DOCUMENT, { file: null }, { query: [new Blob(['x']), 'x.txt'] });
    expect(outside.status).toBe(400);
    expect(outside.body.errors?.[0]?.message).toBe(
      `Invalid multipart request: the "map" path "query" does not point into an operation's variables (see the GraphQL multipart request specification)`,
    );
    const literal = await gateway.query('mutation { putBlob(input: "aGVsbG8=") { files { size } } }');
    expect(literal.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  describe('from a gateway process of its own', () => {
    let cli: RunningCli;
    let spool: string;

    beforeAll(async () => {
      spool = await mkdtemp(join(tmpdir(), 'plexus-upload-spool-'));
      await project.write({ 'gateway.yaml': 'uploads:\n  maxFileSize: 64mb\n' });
      // The gateway spools files under TMPDIR: its own folder here, to see them go.
      cli = await startCli([], project.dir, { TMPDIR: spool });
    });

    afterAll(async () => {
      cli?.child.kill('SIGTERM');
      await cli?.exited;
      await rm(spool, { recursive: true, force: true });
    });

    const spooledFiles = async () => (await readdir(spool, { recursive: true })).filter((name) => name.startsWith('plexus-upload-'));
    const rss = async () => metricValue(await (await fetch(`${cli.url}/metrics`)).text(), 'plexus_process_resident_memory_bytes');

    it('streams a 50 MB file from apollo-upload-client to the service: exact bytes, and the gateway memory does not grow by the file', async () => {
      const path = join(files, 'big.bin');
      const hash = createHash('sha256');
      const out = createWriteStream(path);
      for (let mb = 0; mb < 50; mb++) {
        const chunk = randomBytes(1024 * 1024);
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const expected = hash.digest('hex');

      const client = new ApolloClient({ link: new UploadHttpLink({ uri: `${cli.url}/graphql`, headers: PREFLIGHT }), cache: new InMemoryCache() });
      const send = async (file: File) =>
        (await client.mutate({ mutation: gql(DOCUMENT), variables: { file, title: 'big' } })).data as { uploadDocument: Receipt };
      // A 16 MB upload first: the code on the way is loaded, and the JavaScript heap has grown to
      // the size a steady stream of chunks keeps it at, before memory is measured.
      await send(new File([new Uint8Array(16 * 1024 * 1024)], 'warm.bin'));
      const before = await rss();

      const file = new File([await openAsBlob(path)], 'big.bin', { type: 'application/x-test' });
      const sent = send(file);
      // While the request runs, the file waits on disk under the gateway's TMPDIR.
      const spooled = await eventually(async () => (await spooledFiles()).length > 0, 10_000);
      const { uploadDocument } = await sent;
      expect(spooled).toBe(true);
      expect(uploadDocument.files).toEqual([
        { __typename: expect.any(String), field: 'file', filename: 'big.bin', type: 'application/x-test', size: 50 * 1024 * 1024, sha256: expected },
      ]);
      const growth = (await rss()) - before;
      // Holding the file in memory adds about 45 MB here (measured with a buffering spool); streaming keeps to chunks in flight.
      expect(growth).toBeLessThan(16 * 1024 * 1024);
      // The spooled file is deleted once the answer is sent.
      expect(await eventually(async () => (await spooledFiles()).length === 0, 5000)).toBe(true);
    });
  });
});
