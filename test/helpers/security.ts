import type { IncomingHttpHeaders } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { tempProject, type TempProject } from './fixtures.js';
import { startTestGateway, type StartTestGatewayOptions, type TestGateway } from './gateway.js';
import { startHttpServer, type TestServer } from './servers.js';

export interface RecordingUpstream {
  url: string;
  /** The query text of every operation received, in order. */
  queries: string[];
  /** The headers of every request received, in order. */
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A GraphQL service that records the operations and headers it receives. */
export async function startRecordingUpstream(typeDefs: string, resolvers: Record<string, unknown>): Promise<RecordingUpstream> {
  const queries: string[] = [];
  const yoga = createYoga({
    schema: createSchema({ typeDefs, resolvers: resolvers as never }),
    logging: false,
    landingPage: false,
    plugins: [{ onParams: ({ params }) => void queries.push(params.query ?? '') }],
  });
  const server: TestServer = await startHttpServer((req, res) => void yoga(req, res));
  return {
    url: `${server.url}/graphql`,
    queries,
    get headers() {
      return server.requests.map((request) => request.headers);
    },
    close: () => server.close(),
  };
}

export interface SourceProject {
  upstream: RecordingUpstream;
  project: TempProject;
  /** Starts a gateway over the project; `close` closes it. */
  gateway(options?: Partial<StartTestGatewayOptions>): Promise<TestGateway>;
  /** Closes the gateways, the service and removes the project. */
  close(): Promise<void>;
}

/** A recording GraphQL service and a project whose one source, `api`, points at it. */
export async function startSourceProject(typeDefs: string, resolvers: Record<string, unknown>): Promise<SourceProject> {
  const upstream = await startRecordingUpstream(typeDefs, resolvers);
  const project = await tempProject({
    'sources/api/source.yaml': `kind: graphql\nendpoint: ${upstream.url}\nschema: schema.graphql\n`,
    'sources/api/schema.graphql': typeDefs,
  });
  const gateways: TestGateway[] = [];
  return {
    upstream,
    project,
    async gateway(options = {}) {
      const gateway = await startTestGateway({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, ...options });
      gateways.push(gateway);
      return gateway;
    },
    async close() {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      await Promise.all([upstream.close(), project.remove()]);
    },
  };
}

export const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  /** The public half as published in a JWKS. */
  jwk: JWK;
}

export async function signingKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenOptions {
  /** Seconds from now; negative for the past. Default 600. */
  expiresIn?: number | null;
  notBefore?: number;
  issuer?: string;
  audience?: string;
  kid?: string | null;
}

const now = () => Math.floor(Date.now() / 1000);

/** Signs a token with a key pair (RS/ES/…) or with the shared secret (HS*). */
export async function token(claims: JWTPayload, key: SigningKey | 'secret', options: TokenOptions = {}): Promise<string> {
  const alg = key === 'secret' ? 'HS256' : key.alg;
  const kid = options.kid === undefined ? (key === 'secret' ? undefined : key.kid) : options.kid;
  let jwt = new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...(kid !== null && kid !== undefined && { kid }) }).setIssuedAt();
  if (options.expiresIn !== null) jwt = jwt.setExpirationTime(now() + (options.expiresIn ?? 600));
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now() + options.notBefore);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  return jwt.sign(key === 'secret' ? new TextEncoder().encode(SECRET) : key.privateKey);
}

/** An unsigned token (`alg: none`), which must never be accepted. */
export function unsignedToken(claims: JWTPayload): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ exp: now() + 600, ...claims })}.`;
}

export interface JwksServer {
  url: string;
  /** Replaces the published keys (a rotation). */
  publish(keys: SigningKey[]): void;
  /** Answers every fetch with this status and no key set; `undefined` serves the keys again. */
  failWith(status: number | undefined): void;
  /** How many times the key set was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: SigningKey[]): Promise<JwksServer> {
  let published = keys;
  let failure: number | undefined;
  let fetches = 0;
  const server = await startHttpServer((_req, res) => {
    fetches++;
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'text/plain' }).end('key store internals: db-7 timed out');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published.map((key) => key.jwk) }));
  });
  return {
    url: `${server.url}/.well-known/jwks.json`,
    publish: (next) => void (published = next),
    failWith: (status) => void (failure = status),
    fetches: () => fetches,
    close: () => server.close(),
  };
}
