import { z } from 'zod';
import { booleanish, durationSchema, headerNameSchema, stringList } from '../config/schema-helpers.js';

/** Algorithms verified with `auth.jwtSecret`. */
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
/** Algorithms verified with a public key (from `auth.jwksUrl` or `auth.publicKeys`). */
export const PUBLIC_KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type PublicKeyAlgorithm = (typeof PUBLIC_KEY_ALGORITHMS)[number];
export type JwtAlgorithm = HmacAlgorithm | PublicKeyAlgorithm;

const KNOWN: readonly string[] = [...HMAC_ALGORITHMS, ...PUBLIC_KEY_ALGORITHMS];

export function isHmacAlgorithm(alg: string): alg is HmacAlgorithm {
  return (HMAC_ALGORITHMS as readonly string[]).includes(alg);
}

const algorithmSchema = z.string().transform((value, ctx) => {
  if (value.toLowerCase() === 'none') {
    ctx.addIssue({ code: 'custom', message: '"none" is never accepted: tokens must be signed' });
    return z.NEVER;
  }
  if (!KNOWN.includes(value)) {
    ctx.addIssue({ code: 'custom', message: `unknown algorithm "${value}" (one of ${KNOWN.join(', ')})` });
    return z.NEVER;
  }
  return value as JwtAlgorithm;
});

/** An empty value (an unset `${VAR:-}` in the file) means "not set". */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const publicKeySchema = z
  .strictObject({
    /** Matched against the token's `kid` header: a token that names a kid needs a key with that kid. */
    kid: z.string().min(1).optional(),
    /** The one algorithm this key verifies. */
    alg: z.enum(PUBLIC_KEY_ALGORITHMS),
    /** The public key as PEM (`-----BEGIN PUBLIC KEY-----`). Give `pem` or `jwk`. */
    pem: z.string().optional(),
    /** The public key as a JWK object. Give `pem` or `jwk`. */
    jwk: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((key) => (key.pem === undefined) !== (key.jwk === undefined), { error: 'give exactly one of "pem" and "jwk"' });

export type PublicKeyConfig = z.output<typeof publicKeySchema>;

/**
 * `auth`: JWT verification. Off unless a key source is set (`jwtSecret`, `jwksUrl` or `publicKeys`);
 * while off, tokens are not looked at (a source may still receive them through `headers.forward`).
 */
export const authConfigSchema = z
  .strictObject({
    /** Request header that carries the token. Default `authorization`. */
    header: headerNameSchema.default('authorization'),
    /** Scheme before the token in that header; empty for a bare token. Default `Bearer`. */
    scheme: z.string().default('Bearer'),
    /** Reject requests without a token (401). Default false: they run as anonymous. */
    required: booleanish.default(false),
    /** Shared secret for HS256/384/512, at least 32 characters. Default: none. */
    jwtSecret: optionalText.pipe(z.string().min(32, 'must be at least 32 characters (256 bits)').optional()),
    /** URL of a JSON Web Key Set for RS/PS/ES/EdDSA tokens. Default: none. */
    jwksUrl: optionalText.pipe(z.url().optional()),
    /** Public keys given inline, for RS/PS/ES/EdDSA tokens. Default: none. */
    publicKeys: z.array(publicKeySchema).default([]),
    /** Accepted `iss` values (list or comma-separated). Default: any. */
    issuer: stringList.optional(),
    /** Accepted `aud` values (list or comma-separated); the token must name one. Default: any. */
    audience: stringList.optional(),
    /** Accepted `alg` values. Default: the HS family with a secret, every public-key algorithm with keys. */
    algorithms: z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value), z.array(algorithmSchema)).optional(),
    /** Leeway for `exp` and `nbf` against clock skew. Default 30s. */
    clockTolerance: durationSchema.default(30_000),
    /** Reject tokens without an `exp` claim. Default true. */
    requireExpiration: booleanish.default(true),
    jwks: z
      .strictObject({
        /** How long a fetched key set is used before it is fetched again. Default 10m. */
        cacheMaxAge: durationSchema.default(600_000),
        /**
         * Least time between two fetches, after a failed fetch as after a successful one, so neither
         * unknown `kid`s nor a failing endpoint can cause a fetch storm. Default 30s.
         */
        cooldown: durationSchema.default(30_000),
        /** How long a fetch may take. Default 5s. */
        timeout: durationSchema.default(5_000),
      })
      .prefault({}),
  })
  .superRefine((auth, ctx) => {
    const hasPublicKeys = auth.jwksUrl !== undefined || auth.publicKeys.length > 0;
    if (auth.required && auth.jwtSecret === undefined && !hasPublicKeys) {
      ctx.addIssue({ code: 'custom', path: ['required'], message: 'a token is required but no key is set (jwtSecret, jwksUrl or publicKeys)' });
    }
    for (const alg of auth.algorithms ?? []) {
      if (isHmacAlgorithm(alg) && auth.jwtSecret === undefined) {
        ctx.addIssue({ code: 'custom', path: ['algorithms'], message: `${alg} needs auth.jwtSecret` });
      } else if (!isHmacAlgorithm(alg) && !hasPublicKeys) {
        ctx.addIssue({ code: 'custom', path: ['algorithms'], message: `${alg} needs auth.jwksUrl or auth.publicKeys` });
      }
    }
  })
  .transform((auth) => {
    const hasPublicKeys = auth.jwksUrl !== undefined || auth.publicKeys.length > 0;
    const algorithms: JwtAlgorithm[] = auth.algorithms ?? [
      ...(auth.jwtSecret !== undefined ? HMAC_ALGORITHMS : []),
      ...(hasPublicKeys ? PUBLIC_KEY_ALGORITHMS : []),
    ];
    return { ...auth, algorithms, enabled: auth.jwtSecret !== undefined || hasPublicKeys };
  });

export type AuthConfig = z.output<typeof authConfigSchema>;

export const authEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_AUTH_JWT_SECRET: ['auth', 'jwtSecret'],
  PLEXUS_AUTH_JWKS_URL: ['auth', 'jwksUrl'],
  PLEXUS_AUTH_ISSUER: ['auth', 'issuer'],
  PLEXUS_AUTH_AUDIENCE: ['auth', 'audience'],
  PLEXUS_AUTH_REQUIRED: ['auth', 'required'],
  PLEXUS_AUTH_ALGORITHMS: ['auth', 'algorithms'],
  PLEXUS_AUTH_HEADER: ['auth', 'header'],
};
