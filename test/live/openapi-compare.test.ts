import { describe, expect, it } from 'vitest';
import { document, getJson, loadOpenapi } from '../sources/openapi/support.js';
import { compareValue, expectedRoot, type Difference } from './openapi-compare.js';
import { printSelection, selectionOf } from './openapi-selection.js';

const PET = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'integer', format: 'int64' },
    'first-name': { type: 'string' },
    status: { type: 'string', enum: ['in-progress', 'done'] },
    born: { type: 'string', format: 'date-time' },
    owner: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        home: { type: 'object', properties: { city: { type: 'string' }, geo: { type: 'object', properties: { lat: { type: 'number' } } } } },
      },
    },
  },
};

const ANSWER =
  '{"id":9007199254740993,"first-name":"Rex","status":"in-progress","born":"2024-05-01T12:00:00+02:00","owner":{"name":"Ann","home":{"city":"Oslo","geo":{"lat":1}}}}';

/** The root field `pet` of a source made of one GET operation answering `schema`. */
async function petField(schema: unknown = { $ref: '#/components/schemas/Pet' }) {
  const { registry, project } = await loadOpenapi({ 'openapi.json': document({ '/pet': getJson('pet', schema) }, { Pet: PET }) });
  await project.remove();
  return registry.sources[0]!.loaded.schema.getQueryType()!.getFields()['pet']!;
}

function differences(field: Awaited<ReturnType<typeof petField>>, actual: unknown): Difference[] {
  const found: Difference[] = [];
  compareValue(field.type, selectionOf(field.type)!, actual, expectedRoot(field.type, 'application/json', Buffer.from(ANSWER)), 'pet', found);
  return found.map(({ path, expected, actual }) => ({ path, type: '', expected, actual }));
}

describe('comparing the gateway answer with the mock answer', () => {
  it('selects every leaf to three levels and reads wire names, enum names, 64-bit integers as text, date-times as written', async () => {
    const field = await petField();
    expect(printSelection(selectionOf(field.type)!)).toBe('{ id firstName status born owner { name home { city } } }');
    const gateway = {
      id: '9007199254740993',
      firstName: 'Rex',
      status: 'in_progress',
      born: '2024-05-01T12:00:00+02:00',
      owner: { name: 'Ann', home: { city: 'Oslo' } },
    };
    expect(differences(field, gateway)).toEqual([]);
  });

  it('finds values that differ, are missing, or come from nowhere', async () => {
    const field = await petField();
    const gateway = { id: '9007199254740992', firstName: null, status: 'done', born: '2024-05-01T10:00:00Z', owner: { name: 'Ann', home: null } };
    expect(differences(field, gateway).map((difference) => difference.path)).toEqual(['pet.id', 'pet.firstName', 'pet.status', 'pet.born', 'pet.owner.home']);
    const bare = await petField({ type: 'object', properties: { a: { type: 'string' } } });
    const found: Difference[] = [];
    compareValue(bare.type, selectionOf(bare.type)!, { a: 'invented' }, expectedRoot(bare.type, 'application/json', Buffer.from('{}')), 'pet', found);
    expect(found).toEqual([{ path: 'pet.a', type: 'String', expected: null, actual: 'invented' }]);
  });
});
