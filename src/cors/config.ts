import { z } from 'zod';
import { parseOriginPattern, type OriginPattern } from './origin-pattern.js';
import { booleanish, numberIn, stringList, switchable } from '../config/schema-helpers.js';

/** `*`: any origin, or an origin pattern. */
const originEntry = z.string().transform((text, ctx): OriginPattern | '*' => {
  if (text.trim() === '*') return '*';
  const pattern = parseOriginPattern(text);
  if (pattern) return pattern;
  ctx.addIssue({
    code: 'custom',
    message: `"${text}" is not an origin or origin pattern (e.g. https://app.example.com, https://*.example.com, http://localhost:*)`,
  });
  return z.NEVER;
});

const originList = stringList.pipe(z.array(originEntry));
type OriginList = z.output<typeof originList>;

/** The allow-list as given under either name; `*` when none is. */
const allowList = (cors: { origins?: OriginList | undefined; origin?: OriginList | undefined }): OriginList => cors.origins ?? cors.origin ?? ['*'];

const corsObjectSchema = z
  .strictObject({
    /** Answer cross-origin requests from browsers at all. Default true. */
    enabled: booleanish.default(true),
    /**
     * Origins whose pages may read the gateway's answers: exact origins, patterns with `*.` before
     * the host (any subdomain) or `:*` as the port, or `*` for any origin. Default `*`.
     */
    origins: originList.optional(),
    /** Former name of `origins`, still read. */
    origin: originList.optional(),
    /**
     * Let the listed origins send cookies and HTTP authentication (`Access-Control-Allow-Credentials`).
     * Only with an allow-list: refused together with `*`. Default false.
     */
    credentials: booleanish.default(false),
    /** How long a browser may reuse a preflight answer, in seconds. Default: not sent (the browser's own default). */
    maxAge: numberIn({ whole: true, min: 0 }).optional(),
  })
  .superRefine((cors, ctx) => {
    if (cors.origin !== undefined && cors.origins !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['origin'], message: 'is the former name of "origins": give only "origins"' });
    }
    if (cors.credentials && allowList(cors).includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentials'],
        message: 'credentials need an allow-list: list the origins in cors.origins instead of "*" (any origin)',
      });
    }
  })
  .transform((cors) => {
    const listed = allowList(cors);
    return {
      enabled: cors.enabled,
      /** `*` for any origin, else the allow-list. */
      origins: listed.includes('*') ? ('*' as const) : listed.filter((entry): entry is OriginPattern => entry !== '*'),
      credentials: cors.credentials,
      ...(cors.maxAge !== undefined && { maxAge: cors.maxAge }),
    };
  });

/**
 * `cors`: which web pages on other origins may call the gateway from a browser. `true` (the
 * default): any origin, without credentials; `false`: no CORS headers; or an object as above.
 */
export const corsConfigSchema = switchable(corsObjectSchema);

export type CorsConfig = z.output<typeof corsConfigSchema>;

export const corsEnvBindings: Record<string, readonly string[]> = {
  PLEXUS_CORS: ['cors', 'enabled'],
  PLEXUS_CORS_ORIGINS: ['cors', 'origins'],
  PLEXUS_CORS_CREDENTIALS: ['cors', 'credentials'],
  PLEXUS_CORS_MAX_AGE: ['cors', 'maxAge'],
};
