import { afterEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/cli/check.js';
import { ConfigurationError, formatProblem } from '../../../src/config/problems.js';
import { tempProject, type TempProject } from '../../helpers/fixtures.js';

// Wrong transforms are reported (the source.yaml's first three lines are kind, endpoint and schema) by `plexus check` with the source.yaml line of the key at fault;
// good ones are summed up per source.

const SCHEMA = `
type Pet { id: ID! name: String owner: Owner }
type Owner { id: ID! pets: [Pet!] }
type Secret { code: String }
type Query { pet(id: ID!): Pet owners: [Owner!] internal_secret: Secret }
`;

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function check(transforms: string): Promise<{ lines: string[]; problems: string[] }> {
  project = await tempProject({
    'sources/pets/source.yaml': `kind: graphql\nendpoint: http://127.0.0.1:9/graphql\nschema: schema.graphql\n${transforms}`,
    'sources/pets/schema.graphql': SCHEMA,
  });
  const lines: string[] = [];
  try {
    await checkCommand({ sources: 'sources', schemas: 'schemas' }, project.dir, (line) => lines.push(line) > 0);
    return { lines, problems: [] };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return { lines, problems: error.problems.map(formatProblem) };
  }
}

describe('transforms in plexus check', () => {
  it('prints what the transforms did, per source', async () => {
    const { lines, problems } = await check(
      'transforms:\n  rename:\n    types: { "^(Pet|Owner)$": "Animal$1" }\n    fields: { "Pet.name": title }\n  filter:\n    exclude: ["Query.internal*"]\n',
    );
    expect(problems).toEqual([]);
    expect(lines).toContain('transforms of pets: renamed 2 types, 1 field; excluded 1 root field; dropped 1 type no field leads to any more');
  });

  it('reports two types renamed to one name at the line of the rename', async () => {
    const { problems } = await check('transforms:\n  rename:\n    types:\n      Pet: Thing\n      Owner: Thing\n');
    expect(problems).toEqual(['sources/pets/source.yaml:6: transforms.rename.types: types Pet and Owner would both be named Thing']);
  });

  it('reports two fields renamed to one name', async () => {
    const { problems } = await check('transforms:\n  rename:\n    fields: { "Pet.name": id }\n');
    expect(problems).toEqual(['sources/pets/source.yaml:6: transforms.rename.fields: fields Pet.id and Pet.name would both be named id']);
  });

  it('reports a filter that removes a type a kept field still uses, at the line of the filter', async () => {
    const { problems } = await check('transforms:\n  filter:\n    exclude: [Owner]\n');
    expect(problems).toEqual([
      'sources/pets/source.yaml:6: transforms.filter.exclude: the filter removes type Owner, but Pet.owner still uses it',
      'sources/pets/source.yaml:6: transforms.filter.exclude: the filter removes type Owner, but Query.owners still uses it',
    ]);
  });

  it('names the key of an invalid regular expression or an unknown naming convention', async () => {
    const regex = await check('transforms:\n  rename:\n    types: { "^Pet(": X }\n');
    expect(regex.problems).toHaveLength(1);
    expect(regex.problems[0]).toMatch(/^sources\/pets\/source\.yaml:6: .*transforms\.rename\.types.*"\^Pet\(" is not a valid regular expression/);
    const naming = await check('transforms:\n  naming: { fields: kebab-case }\n');
    expect(naming.problems).toHaveLength(1);
    expect(naming.problems[0]).toMatch(
      /^sources\/pets\/source\.yaml:5: .*transforms\.naming\.fields.*expected one of PascalCase, camelCase, snake_case, UPPER_CASE/,
    );
  });
});
