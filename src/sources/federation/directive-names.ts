import { GraphQLError, Kind, type ConstValueNode, type DirectiveNode, type DocumentNode } from 'graphql';

// A subgraph names the federation directives as its `@link` imports them: `@key` when imported,
// `@federation__key` (or `@<as>__key`) when not, `@primaryKey` when imported under another name.
// Federation v1 SDL has no `@link` and uses the plain names. This file maps the names a document
// uses to the directives they mean.

const FEDERATION_SPEC = /^https:\/\/specs\.apollo\.dev\/federation\/v(\d+)\.(\d+)$/;
const LINK_SPEC = /^https:\/\/specs\.apollo\.dev\/link\/v\d+\.\d+$/;

/** The federation directives Plexus reads. */
export const HANDLED = ['key', 'external', 'requires', 'provides', 'shareable', 'inaccessible', 'override', 'extends', 'tag'] as const;

/** Federation directives that change how the supergraph is planned in ways the gateway does not implement. */
export const REFUSED: Record<string, string> = {
  interfaceObject: 'entity interfaces (@interfaceObject) are not supported',
  composeDirective: 'custom directives kept by composition (@composeDirective) are not supported',
  authenticated: 'federation authorization directives (@authenticated) are not supported; use field policies in schemas/',
  requiresScopes: 'federation authorization directives (@requiresScopes) are not supported; use field policies in schemas/',
  policy: 'federation authorization directives (@policy) are not supported; use field policies in schemas/',
  context: 'contexts (@context, @fromContext) are not supported',
  fromContext: 'contexts (@context, @fromContext) are not supported',
  cost: 'demand control directives (@cost) are not supported; use limits in gateway.yaml',
  listSize: 'demand control directives (@listSize) are not supported; use limits in gateway.yaml',
};

export interface DirectiveNames {
  version: 1 | 2;
  /** Local directive name → the federation directive it means. */
  byLocal: Map<string, string>;
  /** The `@link` directive's local name (it is never renamed here). */
  link: string;
  problems: GraphQLError[];
}

/** Reads the `@link` of the federation spec (if any) and maps every local directive name. */
export function directiveNames(document: DocumentNode): DirectiveNames {
  const problems: GraphQLError[] = [];
  const links = document.definitions.flatMap((definition) =>
    definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION
      ? (definition.directives ?? []).filter((directive) => directive.name.value === 'link')
      : [],
  );
  const byLocal = new Map<string, string>();
  let version: 1 | 2 = 1;
  for (const link of links) {
    const url = stringArgument(link, 'url');
    if (url !== undefined && LINK_SPEC.test(url)) continue;
    const match = url === undefined ? null : FEDERATION_SPEC.exec(url);
    if (!match) {
      problems.push(
        new GraphQLError(`@link to ${url ?? 'an unnamed spec'} is not supported; a federation source links the federation spec only`, { nodes: [link] }),
      );
      continue;
    }
    version = 2;
    const namespace = stringArgument(link, 'as') ?? 'federation';
    for (const name of [...HANDLED, ...Object.keys(REFUSED)]) byLocal.set(`${namespace}__${name}`, name);
    for (const imported of listArgument(link, 'import')) {
      if (imported.kind === Kind.STRING) {
        const name = imported.value.replace(/^@/, '');
        if (imported.value.startsWith('@')) byLocal.set(name, name);
      } else if (imported.kind === Kind.OBJECT) {
        const name = objectString(imported, 'name');
        const as = objectString(imported, 'as') ?? name;
        if (name?.startsWith('@') && as) byLocal.set(as.replace(/^@/, ''), name.slice(1));
      }
    }
  }
  if (version === 1) for (const name of HANDLED) byLocal.set(name, name);
  return { version, byLocal, link: 'link', problems };
}

/** The federation directive `directive` means, or undefined for any other directive. */
export function meaning(names: DirectiveNames, directive: DirectiveNode): string | undefined {
  return names.byLocal.get(directive.name.value);
}

export function stringArgument(directive: DirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

export function booleanArgument(directive: DirectiveNode, name: string): boolean | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.BOOLEAN ? value.value : undefined;
}

function listArgument(directive: DirectiveNode, name: string): readonly ConstValueNode[] {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  if (!value) return [];
  return value.kind === Kind.LIST ? (value.values as readonly ConstValueNode[]) : [value as ConstValueNode];
}

function objectString(value: ConstValueNode, field: string): string | undefined {
  if (value.kind !== Kind.OBJECT) return undefined;
  const found = value.fields.find((entry) => entry.name.value === field)?.value;
  return found?.kind === Kind.STRING ? found.value : undefined;
}
