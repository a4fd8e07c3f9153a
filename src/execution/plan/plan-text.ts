import type { Unplanned } from './query-plan.js';
import type { FetchDescription, KeyDescription, PlanDescription } from './describe-plan.js';

// The plan description for people: one indented block per fetch, in plan order, each saying what
// it calls, what it waits for, where its keys come from and what it sends.

/** The text rendering of a plan description, lines without trailing newlines. */
export function planText(description: PlanDescription | Unplanned): string[] {
  if ('unplanned' in description) return [`not planned: ${description.unplanned}`, 'the gateway runs this operation on the standard executor'];
  const { fetches } = description;
  const levels = new Set(fetches.map((fetch) => fetch.level)).size;
  const order = description.serial
    ? ', root fields one after another'
    : description.operationType === 'subscription'
      ? ', the fetches after the stream run once per event'
      : '';
  const lines = [`${description.operationType}: ${count(fetches.length, 'fetch', 'fetches')} in ${count(levels, 'level')}${order}`];
  for (const fetch of fetches) lines.push('', ...fetchText(fetch));
  return lines;
}

function fetchText(fetch: FetchDescription): string[] {
  const after = fetch.dependsOn.length === 0 ? '' : `, after ${fetch.dependsOn.map((id) => `[${id}]`).join(' ')}`;
  const lines = [`[${fetch.id}] ${KIND_LABELS[fetch.kind]} from ${fetch.source}, level ${fetch.level}${after}`];
  const row = (label: string, value: string) => lines.push(`    ${`${label}:`.padEnd(10)}${value}`);
  row('calls', `${fetch.calls.join(', ')}${fetch.link ? ` (for ${fetch.link})` : ''}`);
  if (fetch.keys) for (const key of fetch.keys) row('keys', keyText(key));
  row('answers', fetch.answers.join(', ') || '(nothing selected)');
  if (fetch.batch !== undefined) row('batch', fetch.batch ? `up to ${fetch.maxBatchSize} keys per call` : 'no: one call per key');
  row('upstream', fetch.upstreamCalls);
  if (fetch.document) {
    lines.push('    document:');
    for (const line of fetch.document.split('\n')) lines.push(`      ${line}`);
  }
  return lines;
}

const KIND_LABELS: Record<FetchDescription['kind'], string> = {
  localRoot: 'root call',
  documentRoot: 'root document',
  keyed: 'keyed fetch',
  event: 'event stream',
  computed: 'computed field',
};

function keyText(key: KeyDescription): string {
  if (key.from === 'argument') return `argument ${key.key} of root fields ${key.path}`;
  const type = key.onType ? ` (${key.onType} only)` : '';
  return `${key.key} of ${key.path || 'the root'}${type}`;
}

function count(value: number, singular: string, plural = `${singular}s`): string {
  return `${value} ${value === 1 ? singular : plural}`;
}
