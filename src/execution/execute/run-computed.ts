import { getArgumentValues } from 'graphql/execution/values.js';
import { pick } from '../../computed/computed-field.js';
import type { ComputedFetch } from '../plan/query-plan.js';
import { parentsAt } from './parents.js';
import type { RequestRun } from './request-run.js';

/**
 * Runs a computed field's resolver for every parent the fetches before it answered, all at once
 * (so the keys they load in one tick go out together), and maps each parent object to its value
 * or the error that stands for it. An object reached twice is resolved once.
 */
export async function runComputed(run: RequestRun, fetch: ComputedFetch): Promise<Map<object, unknown>> {
  const output = new Map<object, unknown>();
  const parents = [...new Set(parentsAt(run, fetch.parents))];
  if (parents.length === 0) return output;
  const args = getArgumentValues(fetch.field, fetch.nodes[0]!, run.variableValues);
  const info = run.info(fetch.field, fetch.nodes, fetch.parentType, fetch.responseKey);
  const props = new Map(fetch.requires.map(({ name, prop }) => [name, prop]));
  const context = (run.context ?? {}) as object;
  const values = await Promise.all(
    parents.map((parent) =>
      fetch.computed
        .invoke(
          pick(parent, fetch.computed.requires, (name) => props.get(name)!),
          args,
          context,
          info,
        )
        .catch((error: unknown) => error),
    ),
  );
  parents.forEach((parent, index) => output.set(parent, values[index]));
  return output;
}
