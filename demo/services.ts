import type { DemoService } from './serve.js';
import { startInventory } from './inventory/server.js';
import { startOrders } from './orders/server.js';
import { startProducts } from './products/server.js';
import { startUsers } from './users/server.js';

interface DemoDefinition {
  /** Default port; overridable with DEMO_<NAME>_PORT. */
  port: number;
  start(port: number, host: string): Promise<DemoService>;
  /** The environment variable that points `sources/<name>/source.yaml` at the service. */
  urlVariable: string;
}

/** Every demo service. Adding one is one entry here. */
export const DEMOS = {
  products: { port: 4103, start: startProducts, urlVariable: 'PRODUCTS_URL' },
  inventory: { port: 4104, start: startInventory, urlVariable: 'INVENTORY_URL' },
  orders: { port: 4102, start: startOrders, urlVariable: 'ORDERS_URL' },
  users: { port: 4101, start: startUsers, urlVariable: 'USERS_URL' },
} satisfies Record<string, DemoDefinition>;

export type DemoName = keyof typeof DEMOS;

export interface DemoServices {
  services: Record<DemoName, DemoService>;
  /** Environment that points `sources/` at these services (PRODUCTS_URL, ...). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts every demo service; pass port 0 to pick free ports (tests). */
export async function startDemoServices(ports: Partial<Record<DemoName, number>> = {}, host = '127.0.0.1'): Promise<DemoServices> {
  const entries = Object.entries(DEMOS) as [DemoName, DemoDefinition][];
  const started = await Promise.all(entries.map(([name, demo]) => demo.start(ports[name] ?? demo.port, host)));
  const services = Object.fromEntries(entries.map(([name], index) => [name, started[index]!])) as Record<DemoName, DemoService>;
  const env = Object.fromEntries(entries.map(([name, demo]) => [demo.urlVariable, services[name].url]));
  return {
    services,
    env,
    async close() {
      await Promise.all(started.map((service) => service.close()));
    },
  };
}

export function demoPortsFromEnv(env: NodeJS.ProcessEnv): Partial<Record<DemoName, number>> {
  const ports: Partial<Record<DemoName, number>> = {};
  for (const name of Object.keys(DEMOS) as DemoName[]) {
    const value = env[`DEMO_${name.toUpperCase()}_PORT`];
    if (value !== undefined && value !== '') ports[name] = Number(value);
  }
  return ports;
}

/** Port 0 for every demo service. */
export const ANY_PORTS = Object.fromEntries(Object.keys(DEMOS).map((name) => [name, 0])) as Record<DemoName, number>;
