import type { FieldShape } from '../plan/query-plan.js';
import type { RequestRun } from './request-run.js';
import type { KeyedOutput } from './run-fetches.js';
import { keyId, representationOf } from './representation.js';

/** The raw value of a field, from its parent object or from the fetch that answered it. */
export function readField(run: RequestRun, shape: FieldShape, parent: Record<string, unknown> | undefined, typeName: string): unknown {
  const reader = shape.reader;
  switch (reader.kind) {
    case 'prop':
      return parent![reader.key];
    case 'typename':
      return typeName;
    case 'root': {
      const output = run.outputs[reader.fetch];
      if (reader.key === undefined || output instanceof Error) return output;
      return (output as Record<string, unknown>)[reader.key];
    }
    case 'link': {
      const key = parent![reader.keyProp];
      if (key === null || key === undefined) return reader.many ? [] : null;
      const output = run.outputs[reader.fetch];
      return output instanceof Error ? output : (output as KeyedOutput).byKey.get(String(key));
    }
    case 'entity': {
      const key = reader.representation ? representationOf(run, reader.representation, parent!) : parent![reader.keyProp];
      if (key === null || key === undefined) return null;
      if (key instanceof Error) return key;
      const output = run.outputs[reader.fetch];
      if (output instanceof Error) return output;
      const item = (output as KeyedOutput).byKey.get(keyId(key));
      return item === null || item === undefined || item instanceof Error ? (item ?? null) : (item as Record<string, unknown>)[reader.itemKey];
    }
    case 'computed': {
      const output = run.outputs[reader.fetch];
      return output instanceof Error ? output : ((output as Map<object, unknown>).get(parent!) ?? null);
    }
    case 'rootKeyed': {
      const output = run.outputs[reader.fetch];
      return output instanceof Error ? output : (output as KeyedOutput).byResponseKey.get(reader.responseKey);
    }
  }
}
