import type { StatusReport, SourceStatus } from '../../src/status/status-report.js';
import type { TestGateway } from '../helpers/gateway.js';

export const STATUS_TOKEN = 'status-token-for-the-tests-0123456789';

/** The demo's fan-out: users, their orders (one orders call), each order's product (one products call). */
export const FAN_OUT = '{ users(limit: 5) { id name orders { id product { name } } } }';

export async function statusJson(gateway: TestGateway, token: string = STATUS_TOKEN): Promise<StatusReport> {
  const response = await fetch(`${gateway.server.url}/status.json`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`/status.json answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as StatusReport;
}

export function sourceOf(report: StatusReport, name: string): SourceStatus {
  const found = report.sources.find((source) => source.name === name);
  if (!found) throw new Error(`no source ${name} in ${report.sources.map((source) => source.name).join(', ')}`);
  return found;
}
