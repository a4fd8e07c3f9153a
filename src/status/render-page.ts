import { escapeMarkup as esc } from './escape.js';
import { formatClock, linkCell, reportCell, sourceCell, sourceHealth } from './format.js';
import { pageScript } from './page-script.js';
import { linkKey, renderGraph } from './render-graph.js';
import type { ReloadSummary, StatusReport } from './status-report.js';

const SOURCE_COLUMNS = [
  ['ready', 'Readiness'],
  ['checkedAt', 'Checked'],
  ['circuit', 'Circuit'],
  ['calls', 'Calls'],
  ['callsPerSecond', 'Calls/s'],
  ['errorRate', 'Errors'],
  ['p50Ms', 'p50'],
  ['p99Ms', 'p99'],
] as const;

const LINK_COLUMNS = [
  ['batches', 'Calls'],
  ['meanBatchSize', 'Mean batch'],
] as const;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1d2430; background: #f7f8fa; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.facts { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: .5rem 0; } .facts dt { color: #5b6576; } .facts dd { margin: 0; font-family: ui-monospace, monospace; }
.facts div { display: flex; gap: .5rem; }
table { border-collapse: collapse; background: #fff; } th, td { padding: .35rem .7rem; border-bottom: 1px solid #e3e6eb; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.good td:first-child { border-left: 4px solid #2f9e44; } tr.warn td:first-child { border-left: 4px solid #e8a317; }
tr.bad td:first-child { border-left: 4px solid #d9480f; } tr.unknown td:first-child { border-left: 4px solid #adb5bd; }
#notice { background: #fff3bf; padding: .4rem .7rem; border-radius: 4px; }
svg.graph { background: #fff; border: 1px solid #e3e6eb; max-width: 100%; height: auto; }
.node rect { fill: #f1f3f5; stroke: #adb5bd; stroke-width: 2; } .node.good rect { fill: #ebfbee; stroke: #2f9e44; }
.node.warn rect { fill: #fff9db; stroke: #e8a317; } .node.bad rect { fill: #fff4e6; stroke: #d9480f; }
.node text { text-anchor: middle; } .node-name { font-weight: 600; font-size: 14px; } .node-kind { font-size: 11px; fill: #5b6576; }
.edge path { fill: none; stroke: #748ffc; stroke-width: 1.6; } .arrowhead { fill: #748ffc; }
.edge-label { font-size: 11px; text-anchor: middle; fill: #364fc7; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
`;

/** The operator's page: everything drawn by the gateway, styles and script inline under the response's nonce. */
export function renderStatusPage(report: StatusReport, nonce: string): string {
  const row = (source: StatusReport['sources'][number]) => {
    const values = source as unknown as Record<string, unknown>;
    const cells = SOURCE_COLUMNS.map(
      ([field]) =>
        `<td data-field="${field}"${field === 'ready' || field === 'circuit' || field === 'checkedAt' ? '' : ' class="num"'}>${esc(sourceCell(field, values))}</td>`,
    );
    return `<tr data-source="${esc(source.name)}" class="${sourceHealth(values)}"><td>${esc(source.name)}</td><td>${esc(source.kind)}</td>${cells.join('')}</tr>`;
  };
  const linkRow = (link: StatusReport['links'][number]) => {
    const values = link as unknown as Record<string, unknown>;
    const cells = LINK_COLUMNS.map(([field]) => `<td class="num" data-link-field="${field}">${esc(linkCell(field, values))}</td>`);
    return `<tr data-link-row="${esc(linkKey(link))}"><td>${esc(link.id)}</td><td>${esc(link.kind)}</td><td>${esc(link.from)} → ${esc(link.to)}</td>${cells.join('')}</tr>`;
  };
  const reportValues = report as unknown as Record<string, unknown>;
  const fact = (label: string, value: string, field?: string) => `<div><dt>${label}</dt><dd${field ? ` data-report="${field}"` : ''}>${esc(value)}</dd></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plexus status</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<h1>Plexus status</h1>
<p id="notice" hidden></p>
<dl class="facts">
${fact('Schema', `${report.schema.version} (loaded ${formatClock(report.schema.loadedAt)})`)}
${fact('Config', report.config.version)}
${fact('Last reload', describeReload(report.lastReload))}
${fact('Readiness', reportCell('readiness', reportValues), 'readiness')}
${fact('Window', reportCell('window', reportValues), 'window')}
${fact('Updated', reportCell('generatedAt', reportValues), 'generatedAt')}
</dl>
<h2>Sources</h2>
<table id="sources">
<thead><tr><th>Source</th><th>Kind</th>${SOURCE_COLUMNS.map(([field, title]) => `<th${field === 'ready' || field === 'circuit' || field === 'checkedAt' ? '' : ' class="num"'}>${title}</th>`).join('')}</tr></thead>
<tbody>${report.sources.map(row).join('\n')}</tbody>
</table>
<h2>Links</h2>
<figure id="graph">${renderGraph(report.sources, report.links)}</figure>
<table id="links">
<thead><tr><th>Link</th><th>Kind</th><th>From → to</th>${LINK_COLUMNS.map(([, title]) => `<th class="num">${title}</th>`).join('')}</tr></thead>
<tbody>${report.links.map(linkRow).join('\n')}</tbody>
</table>
<script nonce="${nonce}">${pageScript(report)}</script>
</body>
</html>
`;
}

function describeReload(reload: ReloadSummary | null): string {
  if (!reload) return 'none since start';
  if (!reload.ok) return `failed at ${formatClock(reload.at)} (${reload.problems ?? 0} problems), still serving ${reload.version}`;
  const changes = reload.changes ?? { breaking: 0, dangerous: 0, safe: 0 };
  return `${formatClock(reload.at)}: ${reload.previousVersion} → ${reload.version} (${changes.breaking} breaking, ${changes.dangerous} dangerous, ${changes.safe} safe)`;
}
