import { isRecord, type OpenApiDocument, type SecurityRequirement } from './document.js';

/** A credential from `source.yaml`: a key or token, or a user name and password for `http basic`. */
export type Credential = string | { username: string; password: string };

/** Where one security scheme puts its credential, and the value configured for it (if any). */
export interface SchemeRule {
  scheme: string;
  location: 'header' | 'query' | 'cookie';
  /** Header names are lower-case. */
  name: string;
  value: string | undefined;
}

/** An operation's security requirement: alternatives, each a list of schemes that must all be satisfied. */
export type SecurityPlan = SchemeRule[][];

/**
 * The document's apiKey, http (bearer, basic), oauth2 and openIdConnect schemes with the credentials
 * configured for them. `warn` hears of a credential for a scheme the document does not have, or
 * cannot be satisfied from configuration.
 */
export function schemeRules(document: OpenApiDocument, credentials: Record<string, Credential>, warn: (message: string) => void): Map<string, SchemeRule> {
  const rules = new Map<string, SchemeRule>();
  const declared = isRecord(document.components?.securitySchemes) ? document.components.securitySchemes : {};
  for (const [scheme, definition] of Object.entries(declared)) {
    if (!isRecord(definition)) continue;
    const credential = credentials[scheme];
    const rule = ruleOf(scheme, definition, credential === '' ? undefined : credential);
    if (rule) rules.set(scheme, rule);
    else if (credential !== undefined)
      warn(`security.${scheme}: scheme type "${String(definition.type)}" cannot be satisfied from configuration; the credential is not used`);
  }
  for (const scheme of Object.keys(credentials)) {
    if (!(scheme in declared))
      warn(`security.${scheme}: the document declares no security scheme "${scheme}" (it has: ${Object.keys(declared).join(', ') || 'none'})`);
  }
  return rules;
}

function ruleOf(scheme: string, definition: Record<string, unknown>, credential: Credential | undefined): SchemeRule | undefined {
  const type = String(definition['type'] ?? '').toLowerCase();
  const token = typeof credential === 'string' ? credential : undefined;
  if (type === 'apikey') {
    const location = String(definition['in'] ?? '');
    if ((location !== 'header' && location !== 'query' && location !== 'cookie') || typeof definition['name'] !== 'string') return undefined;
    return { scheme, location, name: location === 'header' ? definition['name'].toLowerCase() : definition['name'], value: token };
  }
  const httpScheme = String(definition['scheme'] ?? '').toLowerCase();
  if ((type === 'http' && httpScheme === 'bearer') || type === 'oauth2' || type === 'openidconnect') {
    return { scheme, location: 'header', name: 'authorization', value: token === undefined ? undefined : `Bearer ${token}` };
  }
  if (type === 'http' && httpScheme === 'basic') {
    const pair = typeof credential === 'object' ? `${credential.username}:${credential.password}` : token;
    return { scheme, location: 'header', name: 'authorization', value: pair === undefined ? undefined : `Basic ${Buffer.from(pair).toString('base64')}` };
  }
  return undefined;
}

/** Resolves an operation's requirements (its own, else the document's) against the known schemes. */
export function securityPlan(requirements: SecurityRequirement[] | undefined, rules: Map<string, SchemeRule>): SecurityPlan | undefined {
  if (!Array.isArray(requirements) || requirements.length === 0) return undefined;
  const alternatives: SecurityPlan = [];
  for (const requirement of requirements) {
    if (!isRecord(requirement)) continue;
    const schemes = Object.keys(requirement).map((name) => rules.get(name));
    // An alternative naming a scheme that cannot be satisfied is never chosen.
    if (schemes.every((rule): rule is SchemeRule => rule !== undefined)) alternatives.push(schemes);
  }
  return alternatives;
}

/**
 * The credentials to add to one call: those of the first alternative whose every scheme is either
 * configured or already carried by a forwarded header; none when no alternative can be satisfied
 * (the service then answers for itself, typically 401). A forwarded header is kept as it is: it
 * speaks for the user making the request, the configured value only for the gateway.
 */
export function credentialsFor(plan: SecurityPlan | undefined, forwarded: Readonly<Record<string, string>>): SchemeRule[] {
  if (!plan) return [];
  const isForwarded = (rule: SchemeRule) => rule.location === 'header' && forwarded[rule.name] !== undefined;
  // An empty alternative (`{}`: no authentication) is the last resort: a credential at hand is sent.
  const chosen = plan.find((alternative) => alternative.length > 0 && alternative.every((rule) => rule.value !== undefined || isForwarded(rule)));
  return chosen ? chosen.filter((rule) => rule.value !== undefined && !isForwarded(rule)) : [];
}
