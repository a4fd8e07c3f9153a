import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './config.js';
import type { Identity } from './identity.js';
import { isKeySetFailure } from './remote-key-set.js';

/** Why a token was refused; also the `reason` label of `plexus_auth_rejected_total`. */
export type RejectionReason =
  'missing' | 'malformed' | 'expired' | 'not_yet_valid' | 'issuer' | 'audience' | 'claims' | 'algorithm' | 'signature' | 'unknown_key' | 'key_set_unavailable';

const MESSAGES: Record<RejectionReason, string> = {
  missing: 'A token is required',
  malformed: 'The token is malformed',
  expired: 'The token has expired',
  not_yet_valid: 'The token is not valid yet',
  issuer: 'The token issuer is not accepted',
  audience: 'The token audience is not accepted',
  claims: 'The token claims are not valid',
  algorithm: 'The token algorithm is not accepted',
  signature: 'The token signature is not valid',
  unknown_key: 'No known key matches the token',
  key_set_unavailable: 'The token could not be verified',
};

/** A refused token: `message` is safe to show to the client, the cause stays for logs. */
export class TokenRejected extends Error {
  readonly reason: RejectionReason;
  constructor(reason: RejectionReason, options: { cause?: unknown } = {}) {
    super(MESSAGES[reason], options);
    this.name = 'TokenRejected';
    this.reason = reason;
  }
}

export type TokenVerifier = (token: string) => Promise<Identity>;

/** Verifies signature, algorithm, `iss`, `aud`, `exp` and `nbf`; resolves to the caller's identity or throws TokenRejected. */
export function createTokenVerifier(config: AuthConfig, getKey: JWTVerifyGetKey): TokenVerifier {
  const options = {
    algorithms: config.algorithms,
    clockTolerance: config.clockTolerance / 1000,
    ...(config.issuer !== undefined && { issuer: config.issuer }),
    ...(config.audience !== undefined && { audience: config.audience }),
    ...(config.requireExpiration && { requiredClaims: ['exp'] }),
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, options);
      return identityOf(payload);
    } catch (error) {
      throw new TokenRejected(reasonFor(error), { cause: error });
    }
  };
}

export function identityOf(payload: JWTPayload): Identity {
  const scopes = new Set<string>();
  const { scope, scp } = payload as { scope?: unknown; scp?: unknown };
  for (const value of [scope, scp]) {
    if (typeof value === 'string')
      value
        .split(' ')
        .filter(Boolean)
        .forEach((item) => scopes.add(item));
    else if (Array.isArray(value)) value.filter((item): item is string => typeof item === 'string').forEach((item) => scopes.add(item));
  }
  return { ...(typeof payload.sub === 'string' && { subject: payload.sub }), claims: Object.freeze({ ...payload }), scopes };
}

function reasonFor(error: unknown): RejectionReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not_yet_valid';
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    return 'claims';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'unknown_key';
  if (isKeySetFailure(error)) return 'key_set_unavailable';
  return 'malformed';
}
