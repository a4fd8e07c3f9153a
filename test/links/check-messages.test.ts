import { afterEach, describe, expect, it } from 'vitest';
import { buildOffline } from '../../src/compose/build.js';
import { runCli } from '../helpers/cli.js';
import { tempProject, type TempProject } from '../helpers/fixtures.js';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const USERS_SDL = `
enum Tier { FREE, PAID }
type User { username: String!, active: Boolean!, age: Int, score: Float, tier: Tier!, aliases: [String!]!, id: ID! }
type Query { users: [User!]! }
`;

const WALLETS_SDL = `
type Wallet { id: ID!, username: String!, balance: Float! }
type Query {
  ListWalletsByUsers(usernames: [String!]!): [Wallet!]!
  walletsOfAge(age: Int!): [Wallet!]!
  walletsOfTier(tier: String!): [Wallet!]!
  walletsById(id: ID!): [Wallet!]!
}
`;

function walletsProject(links: string) {
  return tempProject({
    'sources/users/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
    'sources/users/schema.graphql': USERS_SDL,
    'sources/wallets/source.yaml': 'kind: graphql\nendpoint: http://127.0.0.1:1/graphql\nschema: schema.graphql\n',
    'sources/wallets/schema.graphql': WALLETS_SDL,
    'schemas/links.graphql': links,
  });
}

/** A link whose directive stands on line 4, below the field it resolves. */
const link = (args: string, field = 'wallets: [Wallet!]') =>
  `extend type User {\n  "The user's wallets."\n  ${field}\n    @resolveBy(source: "wallets", ${args})\n}\n`;

async function problemsOf(links: string): Promise<string> {
  project = await walletsProject(links);
  try {
    await buildOffline({ sourcesDir: project.sourcesDir, schemasDir: project.schemasDir, cwd: project.dir, env: {} });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('plexus check on links', () => {
  it('suggests the operation meant, and refuses a key that cannot feed the argument, at the line of the directive', async () => {
    project = await walletsProject(
      link('operation: "ListWalletByUsers", key: "username", matchOn: "username"') +
        'extend type User {\n  flagged: [Wallet!] @resolveBy(source: "wallets", operation: "ListWalletsByUsers", key: "active", matchOn: "username")\n}\n',
    );
    const result = await runCli(['check'], project.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('schemas/links.graphql:4: source "wallets" has no operation "ListWalletByUsers"; did you mean "ListWalletsByUsers"?');
    expect(result.stderr).toContain(
      'schemas/links.graphql:7: key User.active is Boolean!, but argument "usernames" of operation "ListWalletsByUsers" takes [String!]! (a list of keys): a Boolean cannot be passed as String',
    );
  });

  it.each([
    ['a source', 'source: "walets", operation: "walletsById", key: "id"', 'unknown source "walets" (sources: users, wallets); did you mean "wallets"?'],
    ['a key field', 'operation: "walletsById", key: "ids"', 'type "User" has no field "ids" to take the key from; did you mean "id"?'],
    [
      'an argument',
      'operation: "ListWalletsByUsers", key: "username", argument: "usernam", matchOn: "username"',
      'operation "ListWalletsByUsers" has no argument "usernam"; did you mean "usernames"?',
    ],
    [
      'a matchOn field',
      'operation: "ListWalletsByUsers", key: "username", matchOn: "userName"',
      'type "Wallet" has no field "userName" to match results on; did you mean "username"?',
    ],
  ])('suggests %s', async (_case, args, message) => {
    const links = args.startsWith('source:') ? link(args).replace('source: "wallets", ', '') : link(args);
    expect(await problemsOf(links)).toContain(`schemas/links.graphql:4: ${message}`);
  });

  it('suggests a type', async () => {
    expect(await problemsOf('extend type Users {\n  wallets: [Wallet!] @resolveBy(source: "wallets", operation: "walletsById", key: "id")\n}\n')).toContain(
      'schemas/links.graphql:2: type "Users" is not an object type of any source; did you mean "User"?',
    );
  });

  it.each([
    [
      'a String into Int',
      'username',
      'walletsOfAge',
      'key User.username is String!, but argument "age" of operation "walletsOfAge" takes Int!: a String cannot be passed as Int',
    ],
    [
      'a Float into Int',
      'score',
      'walletsOfAge',
      'key User.score is Float, but argument "age" of operation "walletsOfAge" takes Int!: a Float cannot be passed as Int',
    ],
    [
      'a list into one value',
      'aliases',
      'walletsById',
      'key User.aliases is [String!]!, but argument "id" of operation "walletsById" takes ID!: a key is one value, not a list',
    ],
    [
      'a Boolean into an ID',
      'active',
      'walletsById',
      'key User.active is Boolean!, but argument "id" of operation "walletsById" takes ID!: a Boolean cannot be passed as ID',
    ],
  ])('refuses %s', async (_case, key, operation, message) => {
    expect(await problemsOf(link(`operation: "${operation}", key: "${key}"`))).toContain(`schemas/links.graphql:4: ${message}`);
  });

  it.each([
    ['an Int into an ID', 'age', 'walletsById'],
    ['an ID into a String', 'id', 'walletsOfTier'],
    ['an enum into a String', 'tier', 'walletsOfTier'],
    ['an Int into an Int', 'age', 'walletsOfAge'],
  ])('accepts %s', async (_case, key, operation) => {
    expect(await problemsOf(link(`operation: "${operation}", key: "${key}"`))).toBe('');
  });
});
