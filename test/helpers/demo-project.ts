import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { tempProject, type TempProject } from './fixtures.js';
import { ROOT, startTestGateway, type StartTestGatewayOptions, type TestGateway } from './gateway.js';
import { ANY_PORTS, startDemoServices, type DemoServices } from '../../demo/services.js';

// The one place the test suite reads the repository's top-level `sources/` and `schemas/`: the
// demo that `npm start` serves. Tests take the demo's folders by name, so a folder someone adds to
// `sources/` (a service of their own, maybe not running) never enters a test.

/** The demo's source folders in `sources/`. */
export const DEMO_SOURCES = ['users', 'orders', 'products', 'inventory'] as const;
export type DemoSource = (typeof DEMO_SOURCES)[number];

/** The demo's link and policy files in `schemas/` (not the composed `gateway.graphql`). */
export const DEMO_SCHEMA_FILES = ['links.graphql'] as const;

export interface DemoProjectOptions {
  /** Which demo sources the project holds. Default: all of `DEMO_SOURCES`. */
  sources?: readonly DemoSource[];
  /** Whether the project holds the demo's `schemas/` files (its links). Default: true. */
  links?: boolean;
  /** Further files, relative to the project folder (they may replace a demo file). */
  files?: Record<string, string>;
  /** The folder that holds the demo's `sources/` and `schemas/`. Default: the repository root. */
  root?: string;
}

/** Path of a file of one demo source, e.g. `demoSourceFile('users', 'openapi.yaml')`. */
export function demoSourceFile(source: DemoSource, file: string, root = ROOT): string {
  return join(root, 'sources', source, file);
}

/** A throwaway project holding copies of the named demo source folders and the demo's links. */
export async function demoProject(options: DemoProjectOptions = {}): Promise<TempProject> {
  const root = options.root ?? ROOT;
  const project = await tempProject();
  for (const source of options.sources ?? DEMO_SOURCES) {
    await cp(join(root, 'sources', source), join(project.sourcesDir, source), { recursive: true });
  }
  if (options.links ?? true) {
    for (const file of DEMO_SCHEMA_FILES) await cp(join(root, 'schemas', file), join(project.schemasDir, file));
  }
  await project.write(options.files ?? {});
  return project;
}

export interface StartDemoGatewayOptions extends Omit<StartTestGatewayOptions, 'sourcesDir' | 'schemasDir' | 'cwd'>, DemoProjectOptions {}

/** A real gateway over a fresh `demoProject()`; closing it removes the project. */
export async function startDemoGateway(options: StartDemoGatewayOptions = {}): Promise<TestGateway & { project: TempProject }> {
  const { sources: _sources, links: _links, files: _files, root: _root, ...gatewayOptions } = options;
  const project = await demoProject(options);
  try {
    const gateway = await startTestGateway({ ...gatewayOptions, sourcesDir: project.sourcesDir });
    return {
      ...gateway,
      project,
      async close() {
        await gateway.close();
        await project.remove();
      },
    };
  } catch (error) {
    await project.remove();
    throw error;
  }
}

/** The demo services with two demo gateways over them: one planning operations (the default), one on the standard executor. */
export interface DemoExecutors {
  demo: DemoServices;
  planned: TestGateway;
  standard: TestGateway;
  close(): Promise<void>;
}

export async function startDemoExecutors(): Promise<DemoExecutors> {
  const demo = await startDemoServices(ANY_PORTS);
  const [planned, standard] = await Promise.all([
    startDemoGateway({ env: demo.env }),
    startDemoGateway({ env: demo.env, config: { execution: { planner: false } } }),
  ]);
  return {
    demo,
    planned,
    standard,
    async close() {
      await Promise.all([planned.close(), standard.close()]);
      await demo.close();
    },
  };
}
