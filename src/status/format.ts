/**
 * How the page shows each value, and what tells it to load again. The page's script re-renders with these very functions (their
 * source is embedded in it), so they must stay self-contained: no imports, no outside names but
 * each other's.
 */

export function formatRate(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)}/s`;
}

export function formatRatio(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function formatMs(value: number | null): string {
  if (value === null) return '–';
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
}

export function formatBatch(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}

/** `12:03:44Z`: the clock time of an ISO timestamp, in UTC so the server and the browser agree. */
export function formatClock(iso: string | null): string {
  return iso === null ? '–' : `${iso.slice(11, 19)}Z`;
}

/** The text of one cell of a source's row; `field` is the cell's `data-field`. */
export function sourceCell(field: string, source: Record<string, unknown>): string {
  switch (field) {
    case 'ready':
      return source['ready'] === null ? 'unchecked' : source['ready'] ? 'ready' : `failing: ${String(source['readinessError'] ?? '')}`;
    case 'checkedAt':
      return formatClock(source['checkedAt'] as string | null);
    case 'circuit':
      return String(source['circuit']);
    case 'callsPerSecond':
      return formatRate(source['callsPerSecond'] as number);
    case 'errorRate':
      return formatRatio(source['errorRate'] as number);
    case 'p50Ms':
    case 'p99Ms':
      return formatMs(source[field] as number | null);
    default:
      return String(source[field] ?? '');
  }
}

/** The health class of a source: its row and its node are coloured by it. */
export function sourceHealth(source: Record<string, unknown>): string {
  if (source['circuit'] === 'open' || source['ready'] === false) return 'bad';
  if (source['circuit'] === 'half-open' || (source['errorRate'] as number) > 0) return 'warn';
  return source['ready'] === null ? 'unknown' : 'good';
}

/** The label of one link on the graph: `User.orders ×2.0`, its mean batch size once it was called. */
export function linkLabel(link: Record<string, unknown>): string {
  const mean = link['meanBatchSize'] as number | null;
  return mean === null ? String(link['id']) : `${String(link['id'])} ×${formatBatch(mean)}`;
}

/** The text of one cell of a link's row in the links table. */
export function linkCell(field: string, link: Record<string, unknown>): string {
  if (field === 'meanBatchSize') return formatBatch(link['meanBatchSize'] as number | null);
  return String(link[field] ?? '');
}

/** The text of one of the report's own values in the page's header. */
export function reportCell(field: string, report: Record<string, unknown>): string {
  const readiness = report['readiness'] as { ready: boolean; checkedAt: string } | null;
  const window = report['window'] as { seconds: number; coveredSeconds: number };
  switch (field) {
    case 'generatedAt':
      return formatClock(report['generatedAt'] as string);
    case 'readiness':
      return readiness === null ? 'unchecked' : `${readiness.ready ? 'ready' : 'not ready'} (checked ${formatClock(readiness.checkedAt)})`;
    case 'window':
      return `last ${Math.round(Math.min(window.coveredSeconds, window.seconds))} s of ${window.seconds} s`;
    default:
      return '';
  }
}

/**
 * What the page was drawn from: when it changes (a reload, another set of sources or links) the
 * page loads again instead of patching values in place.
 */
export function reportShape(report: Record<string, unknown>): string {
  const schema = report['schema'] as { version: string };
  const config = report['config'] as { version: string };
  const reload = report['lastReload'] as { at: string } | null;
  const sources = (report['sources'] as { name: string }[]).map((source) => source.name);
  const links = (report['links'] as { id: string; from: string }[]).map((link) => `${link.id} ${link.from}`);
  return JSON.stringify([schema.version, config.version, reload === null ? null : reload.at, sources, links]);
}

/** Every function above, in an order the page's script can declare them in. */
export const PAGE_FUNCTIONS = [
  formatRate,
  formatRatio,
  formatMs,
  formatBatch,
  formatClock,
  sourceCell,
  sourceHealth,
  linkLabel,
  linkCell,
  reportCell,
  reportShape,
] as const;
