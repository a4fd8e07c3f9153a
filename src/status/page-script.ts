import { PAGE_FUNCTIONS, reportShape } from './format.js';
import type { StatusReport } from './status-report.js';

/**
 * The page's only script: asks for `status.json` (next to the page, so a path prefix added by a
 * proxy still works) every `refreshMs`, and patches the values in place. The request is an
 * ordinary same-origin one: whatever lets the browser reach the page (a proxy or extension adding
 * the Authorization header) lets it reach the data too.
 */
export function pageScript(report: StatusReport): string {
  const functions = PAGE_FUNCTIONS.map((fn) => fn.toString()).join('\n');
  return `(() => {
${functions}
const shape = ${JSON.stringify(reportShape(report as unknown as Record<string, unknown>))};
const refreshMs = ${report.refreshMs};
const notice = document.getElementById('notice');
const cells = (root, attribute) => root.querySelectorAll('[' + attribute + ']');
function render(report) {
  for (const cell of cells(document, 'data-report')) cell.textContent = reportCell(cell.getAttribute('data-report'), report);
  for (const source of report.sources) {
    const health = sourceHealth(source);
    const row = document.querySelector('tr[data-source="' + CSS.escape(source.name) + '"]');
    if (row) {
      row.setAttribute('class', health);
      for (const cell of cells(row, 'data-field')) cell.textContent = sourceCell(cell.getAttribute('data-field'), source);
    }
    const node = document.querySelector('g[data-node="' + CSS.escape(source.name) + '"]');
    if (node) node.setAttribute('class', 'node ' + health);
  }
  for (const link of report.links) {
    const key = link.id + ' ' + link.from;
    for (const label of document.querySelectorAll('tspan[data-link="' + CSS.escape(key) + '"]')) label.textContent = linkLabel(link);
    const row = document.querySelector('tr[data-link-row="' + CSS.escape(key) + '"]');
    if (row) for (const cell of cells(row, 'data-link-field')) cell.textContent = linkCell(cell.getAttribute('data-link-field'), link);
  }
}
async function refresh() {
  try {
    const response = await fetch('status.json', { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const report = await response.json();
    if (reportShape(report) !== shape) return void location.reload();
    render(report);
    notice.hidden = true;
  } catch (error) {
    notice.textContent = 'Not updated: ' + (error instanceof Error ? error.message : String(error));
    notice.hidden = false;
  }
  setTimeout(refresh, refreshMs);
}
setTimeout(refresh, refreshMs);
})();
`;
}
