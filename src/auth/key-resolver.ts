import { createLocalJWKSet, errors, exportJWK, importSPKI, type JWK, type JWTVerifyGetKey } from 'jose';
import { isHmacAlgorithm, type AuthConfig, type PublicKeyConfig } from './config.js';
import type { Logger } from '../logger.js';
import { createRemoteKeySet } from './remote-key-set.js';

/**
 * Picks the verification key for a token by its header. The key family follows the algorithm:
 * an HS token only ever meets the shared secret and an RS/PS/ES/EdDSA token only ever meets a
 * public key, so a public key can never be misused as an HMAC secret.
 */
export function createKeyResolver(config: AuthConfig, logger: Logger): JWTVerifyGetKey {
  const secret = config.jwtSecret === undefined ? undefined : new TextEncoder().encode(config.jwtSecret);
  const remote = config.jwksUrl === undefined ? undefined : createRemoteKeySet({ url: config.jwksUrl, ...config.jwks, logger });
  let local: Promise<JWTVerifyGetKey> | undefined;

  return async (header, token) => {
    if (isHmacAlgorithm(header.alg ?? '')) {
      if (!secret) throw new errors.JOSEAlgNotAllowed('no secret is configured for HMAC tokens');
      return secret;
    }
    if (config.publicKeys.length > 0) {
      local ??= localKeySet(config.publicKeys);
      try {
        return await (
          await local
        )(header, token);
      } catch (error) {
        // Keys given inline come first; a kid they do not know may still be in the remote set.
        if (!remote || !(error instanceof errors.JWKSNoMatchingKey)) throw error;
      }
    }
    if (remote) return remote(header, token);
    throw new errors.JOSEAlgNotAllowed('no public key is configured');
  };
}

async function localKeySet(keys: readonly PublicKeyConfig[]): Promise<JWTVerifyGetKey> {
  const jwks: JWK[] = await Promise.all(
    keys.map(async (key) => {
      const jwk: JWK = key.pem !== undefined ? await exportJWK(await importSPKI(key.pem, key.alg, { extractable: true })) : { ...(key.jwk as JWK) };
      return { ...jwk, alg: key.alg, ...(key.kid !== undefined && { kid: key.kid }) };
    }),
  );
  return createLocalJWKSet({ keys: jwks });
}
