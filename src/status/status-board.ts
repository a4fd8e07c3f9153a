import type { Generation } from '../generations/generations.js';
import type { Readiness, ReadinessReport } from '../readiness/readiness.js';
import type { ReloadSummary as GatewayReload } from '../generations/reload-summary.js';
import { linkEdges, type LinkEdge } from './link-graph.js';
import type { ReloadSummary, SourceStatus, StatusReport } from './status-report.js';
import type { TrafficRecorder } from './traffic-recorder.js';

export interface StatusBoardOptions {
  recorder: TrafficRecorder;
  /** The generation new requests run on. */
  generation(): Generation;
  readiness: Readiness;
  /** The configuration's version; a gateway that reloads its configuration supplies its own. */
  configVersion(): string;
  /** What the gateway's last reload did; undefined before the first one. */
  lastReload(): GatewayReload | undefined;
  refreshMs: number;
  /** A readiness report older than this is refreshed in the background when the page asks. Default 10 s. */
  readinessMaxAgeMs?: number;
  now?: () => number;
}

/** Gathers what the status page shows: one snapshot per request, nothing computed in the background. */
export interface StatusBoard {
  report(): Promise<StatusReport>;
}

export function createStatusBoard(options: StatusBoardOptions): StatusBoard {
  const now = options.now ?? Date.now;
  const maxAge = options.readinessMaxAgeMs ?? 10_000;
  const edgesByGeneration = new WeakMap<Generation, LinkEdge[]>();

  // The page polls often; readiness probes call every service, so the page shows the last report
  // and asks for a new one only when that is old (or waits for the first one).
  async function readinessReport(): Promise<ReadinessReport> {
    const latest = options.readiness.latest();
    if (!latest) return options.readiness.check();
    if (now() - Date.parse(latest.checkedAt) > maxAge) void options.readiness.check();
    return latest;
  }

  return {
    async report() {
      const generation = options.generation();
      const readiness = await readinessReport();
      const { recorder } = options;
      const sources = generation.sources.map((entry): SourceStatus => {
        const checked = readiness.sources.find((item) => item.source === entry.name);
        return {
          name: entry.name,
          kind: entry.config.kind,
          ready: checked ? checked.ready : null,
          ...(checked?.error !== undefined && { readinessError: checked.error }),
          checkedAt: checked ? readiness.checkedAt : null,
          circuit: entry.resilience.circuit() ?? 'none',
          ...recorder.source(entry.name),
        };
      });
      let edges = edgesByGeneration.get(generation);
      if (!edges) {
        edges = linkEdges(
          generation.composed,
          generation.sources.map((entry) => entry.name),
        );
        edgesByGeneration.set(generation, edges);
      }
      const window = recorder.window();
      return {
        generatedAt: new Date(now()).toISOString(),
        window: { seconds: window.windowMs / 1000, sliceSeconds: window.sliceMs / 1000, coveredSeconds: Math.round(window.coveredMs / 100) / 10 },
        refreshMs: options.refreshMs,
        schema: { version: generation.version, loadedAt: generation.loadedAt.toISOString() },
        config: { version: options.configVersion() },
        lastReload: pageReload(options.lastReload()),
        readiness: { ready: readiness.ready, checkedAt: readiness.checkedAt },
        sources,
        links: edges.map((edge) => {
          const traffic = recorder.link(edge.id);
          return { ...edge, batches: traffic.batches, meanBatchSize: traffic.meanBatchSize };
        }),
      };
    },
  };
}

/** The page's view of the gateway's last reload: the schema's versions and changes, or the problems' count. */
function pageReload(reload: GatewayReload | undefined): ReloadSummary | null {
  if (!reload) return null;
  const { at, schema } = reload;
  if (!reload.ok) return { at, ok: false, version: schema.version, problems: reload.problems.length };
  return {
    at,
    ok: true,
    version: schema.version,
    previousVersion: schema.previousVersion,
    changes: { breaking: schema.breaking, dangerous: schema.dangerous, safe: schema.safe },
  };
}
