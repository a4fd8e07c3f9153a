import type { DocumentReport, OperationResult } from './openapi-harness.js';
import type { Outcome } from './openapi-outcome.js';

/** Operations of many documents counted by outcome, failures grouped by cause with a few examples each. */
export interface Summary {
  documents: number;
  /** Documents whose operations could not be tried, with the reason. */
  unloaded: { document: string; reason: string }[];
  tested: number;
  ok: number;
  causes: Map<string, { count: number; examples: string[] }>;
}

const EXAMPLES = 3;

export function summarize(reports: readonly DocumentReport[]): Summary {
  const summary: Summary = { documents: reports.length, unloaded: [], tested: 0, ok: 0, causes: new Map() };
  for (const report of reports) {
    if (report.loadError !== undefined) summary.unloaded.push({ document: report.document, reason: report.loadError });
    for (const result of report.operations) {
      summary.tested++;
      if (result.outcome.kind === 'ok') {
        summary.ok++;
        continue;
      }
      // Such a path cannot be sent as it is written: worth telling apart from the same failure elsewhere.
      const cause = causeOf(result.outcome) + (result.path.includes('#') ? ' [path key with a #fragment]' : '');
      const entry = summary.causes.get(cause) ?? { count: 0, examples: [] };
      entry.count++;
      if (entry.examples.length < EXAMPLES) entry.examples.push(`${report.document} ${describeFailure(result)}`);
      summary.causes.set(cause, entry);
    }
  }
  return summary;
}

/** The summary as text: totals, then causes from the most frequent. */
export function printSummary(summary: Summary): string {
  const percent = summary.tested === 0 ? 0 : (100 * summary.ok) / summary.tested;
  const lines = [`${summary.documents} documents, ${summary.tested} GET operations tested, ${summary.ok} ok (${percent.toFixed(1)}%)`];
  for (const [cause, { count, examples }] of [...summary.causes].sort((a, b) => b[1].count - a[1].count)) {
    lines.push(`${String(count).padStart(6)}  ${cause}`, ...examples.map((example) => `          e.g. ${example}`));
  }
  if (summary.unloaded.length > 0) {
    lines.push(`${summary.unloaded.length} documents not tried:`);
    const reasons = new Map<string, string[]>();
    for (const { document, reason } of summary.unloaded) reasons.set(generic(reason), [...(reasons.get(generic(reason)) ?? []), document]);
    for (const [reason, documents] of reasons)
      lines.push(`${String(documents.length).padStart(6)}  ${reason}`, `          e.g. ${documents.slice(0, EXAMPLES).join(', ')}`);
  }
  return lines.join('\n');
}

/** One line saying how an operation failed, with the detail needed to look into it. */
export function describeFailure(result: OperationResult): string {
  return clip(`${result.operation} (${result.path}): ${detailOf(result.outcome)}`, 400);
}

function detailOf(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'ok':
      return 'ok';
    case 'refused':
    case 'mock-failed':
    case 'no-arguments':
      return `${outcome.kind}: ${outcome.problems.join('; ')}`;
    case 'gateway-error':
      return `${outcome.code} at ${outcome.path || '(request)'}: ${outcome.message}`;
    case 'mismatch': {
      const [first] = outcome.differences;
      return `${outcome.differences.length} differences, first at ${first?.path} (${first?.type}): expected ${clip(JSON.stringify(first?.expected))}, got ${clip(JSON.stringify(first?.actual))}`;
    }
    case 'mock-answer-invalid':
      return `${detailOf(outcome.gateway)} [the mock's answer breaks the document: ${clip(outcome.problems[0] ?? '')}]`;
    case 'not-offered':
      return `not offered: ${outcome.reason}`;
    case 'calls':
      return `the gateway made ${outcome.calls} calls`;
    case 'error-answer':
      return `the document declares no success answer; the mock answered ${outcome.status}, reported as UPSTREAM_ERROR`;
  }
}

/** What failures of one kind have in common, for grouping. */
export function causeOf(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'ok':
      return 'ok';
    case 'refused':
      return `refused by the mock: ${generic(outcome.problems[0] ?? '')}`;
    case 'mock-failed':
      return `the mock could not answer: ${generic(outcome.problems[0] ?? '')}`;
    case 'no-arguments':
      return `no valid arguments: ${generic(outcome.problems[0] ?? '')}`;
    case 'gateway-error':
      return `gateway error ${outcome.code}: ${generic(outcome.message)}`;
    case 'mismatch': {
      const [first] = outcome.differences;
      return `answer differs on a ${first?.type.replace(/[[\]!]/g, '')} field: expected ${kindOf(first?.expected)}, got ${kindOf(first?.actual)}`;
    }
    case 'mock-answer-invalid':
      return `the mock's answer breaks the document, then ${causeOf(outcome.gateway)}`;
    case 'not-offered':
      return `not offered by the gateway: ${generic(outcome.reason)}`;
    case 'calls':
      return `the gateway made ${outcome.calls} calls`;
    case 'error-answer':
      return 'the document declares only error answers (reported as UPSTREAM_ERROR with their status)';
  }
}

/** Leaves out what names one place (locations, quoted names, values) and keeps what says why. */
function generic(text: string): string {
  return clip(
    text
      .replace(/^[\w.[\]-]*: /, '')
      .replace(/"[^"]*"/g, '"…"')
      .replace(/\b(parameter|property|field|argument|value|type) [^\s,;:]+/g, '$1 …')
      .replace(/#\/\S+/g, '#/…'),
  );
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The first line (stack traces and dumped schemas follow some messages), at most `length` characters. */
function clip(text: string, length = 200): string {
  const line = text.split('\n')[0]!;
  return line.length > length ? `${line.slice(0, length)}…` : line;
}
