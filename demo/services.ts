import type { DemoService } from './serve.js';
import { startInventory } from './inventory/server.js';
import { startProducts } from './products/server.js';

/** Default ports of the demo services; each is overridable (DEMO_PRODUCTS_PORT, ...). */
export const DEMO_PORTS = { products: 4103, inventory: 4104 } as const;

export type DemoName = keyof typeof DEMO_PORTS;

export interface DemoServices {
  services: Record<DemoName, DemoService>;
  /** Environment that points `sources/` at these services (PRODUCTS_URL, ...). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts every demo service; pass port 0 to pick free ports (tests). */
export async function startDemoServices(ports: Partial<Record<DemoName, number>> = {}, host = '127.0.0.1'): Promise<DemoServices> {
  const products = await startProducts(ports.products ?? DEMO_PORTS.products, host);
  const inventory = await startInventory(ports.inventory ?? DEMO_PORTS.inventory, host);
  const services = { products, inventory };
  return {
    services,
    env: { PRODUCTS_URL: products.url, INVENTORY_URL: inventory.url },
    async close() {
      await Promise.all(Object.values(services).map((service) => service.close()));
    },
  };
}

export function demoPortsFromEnv(env: NodeJS.ProcessEnv): Partial<Record<DemoName, number>> {
  const ports: Partial<Record<DemoName, number>> = {};
  for (const name of Object.keys(DEMO_PORTS) as DemoName[]) {
    const value = env[`DEMO_${name.toUpperCase()}_PORT`];
    if (value !== undefined && value !== '') ports[name] = Number(value);
  }
  return ports;
}
