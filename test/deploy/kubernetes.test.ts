import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { gatewayConfigSchema } from '../../src/config/gateway-config.js';
import { loadGatewayConfig } from '../../src/config/load-gateway-config.js';
import { DEMO_SCHEMA_FILES, DEMO_SOURCES } from '../helpers/demo-project.js';
import { ROOT } from '../helpers/gateway.js';
import { KUBERNETES_DIR, manifestOf, readKustomization, readManifests, type Manifest } from './deploy-files.js';

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'v1 ConfigMap': ConfigMap,
  'v1 Secret': Secret,
  'v1 Service': Service,
};

const manifests = readManifests();
const deployment = manifestOf(manifests, 'Deployment', 'plexus');
const pod = deployment['spec'].template.spec;
const gateway = pod.containers.find((container: any) => container.name === 'gateway');
const configMap = manifestOf(manifests, 'ConfigMap', 'plexus-project');
const secret = manifestOf(manifests, 'Secret', 'plexus-secrets');

/** The value of a `--flag value` pair of the gateway's command. */
function flag(name: string): string | undefined {
  const command: string[] = gateway.command;
  const at = command.indexOf(name);
  return at < 0 ? undefined : command[at + 1];
}

/** The environment the gateway container gets: literal values, and Secret values read from the Secret. */
function containerEnv(container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    env[entry.name] = ref ? manifestOf(manifests, 'Secret', ref.name)['stringData'][ref.key] : entry.value;
  }
  return env;
}

describe('the Kubernetes manifests', () => {
  it('are all listed by kustomization.yaml and valid against the Kubernetes schemas', async () => {
    const files = (await readdir(KUBERNETES_DIR)).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...readKustomization().resources].sort()).toEqual(files.sort());
    const kinds = manifests.map((manifest) => `${manifest.apiVersion} ${manifest.kind}`);
    expect(new Set(kinds)).toEqual(new Set(Object.keys(MODELS)));
    for (const manifest of manifests) {
      const { file: _file, ...object } = manifest;
      expect(
        () => new MODELS[`${manifest.apiVersion} ${manifest.kind}`]!(object).validate(),
        `${manifest.file}: ${manifest.kind} ${manifest.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('refuse a wrong manifest when validated (the check can fail)', () => {
    const broken = structuredClone(deployment) as Manifest;
    delete (broken as Partial<Manifest>).file;
    broken['spec'].template.spec.containers[0].ports[0].containerPort = '4000';
    expect(() => new Deployment(broken as any).validate()).toThrow(/containerPort must be integer/);
  });

  it('probe readiness on /readyz and liveness on /healthz, on the port the gateway listens on', () => {
    const env = containerEnv(gateway);
    const port = gateway.ports.find((entry: any) => entry.name === 'http');
    expect(port.containerPort).toBe(Number(env['PORT']));
    expect(gateway.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(gateway.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(gateway.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  it('route the Service to the gateway pods and their port, and scale and protect the same Deployment', () => {
    const service = manifestOf(manifests, 'Service', 'plexus');
    expect(deployment['spec'].selector.matchLabels).toEqual(service['spec'].selector);
    expect(deployment['spec'].template.metadata.labels).toMatchObject(service['spec'].selector);
    const target = service['spec'].ports[0].targetPort;
    expect(gateway.ports.some((port: any) => port.name === target || port.containerPort === target)).toBe(true);

    const hpa = manifestOf(manifests, 'HorizontalPodAutoscaler', 'plexus');
    expect(hpa['spec'].scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'plexus' });
    expect(hpa['spec'].metrics[0].resource.name).toBe('cpu');
    // Utilization is measured against the CPU request: without one the autoscaler cannot act.
    expect(gateway.resources.requests.cpu).toBeDefined();
    const pdb = manifestOf(manifests, 'PodDisruptionBudget', 'plexus');
    expect(pdb['spec'].selector.matchLabels).toEqual(deployment['spec'].selector.matchLabels);
    expect(hpa['spec'].minReplicas).toBeGreaterThan(pdb['spec'].maxUnavailable);
  });

  it('give the pod longer to stop than the preStop sleep plus the gateway shutdown.grace', async () => {
    const preStop: string[] = gateway.lifecycle.preStop.exec.command;
    expect(preStop[0]).toBe('sleep');
    const sleep = Number(preStop[1]);
    expect(sleep).toBeGreaterThan(0);
    const config = await configOfDeployment();
    // gateway.yaml in the ConfigMap may set it; the default applies otherwise.
    expect(config.shutdown.grace).toBeGreaterThanOrEqual(gatewayConfigSchema.parse({}).shutdown.grace);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(sleep + config.shutdown.grace / 1000);
  });

  it('give the gateway a configuration it accepts, with the Secret holding every key the Deployment references', async () => {
    for (const container of pod.containers) {
      for (const entry of container.env ?? []) {
        const ref = entry.valueFrom?.secretKeyRef;
        if (!ref) continue;
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(secret['stringData'] ?? secret['data'] ?? {})).toContain(ref.key);
      }
    }
    const env = containerEnv(gateway);
    expect(env['PLEXUS_AUTH_JWT_SECRET']).toBeDefined();
    expect(env['REDIS_URL']).toMatch(/^rediss?:\/\//);
    const config = await configOfDeployment();
    expect(config.auth.jwtSecret).toBe(env['PLEXUS_AUTH_JWT_SECRET']);
    expect(config.redis.url).toBe(env['REDIS_URL']);
    expect(config.cache.store).toBe('redis');
    expect(config.port).toBe(4000);
  });

  it('mount the ConfigMap as the folders the start command reads, with --watch', () => {
    expect(gateway.command.slice(0, 3)).toEqual(['node', 'dist/main.js', 'start']);
    expect(gateway.command).toContain('--watch');
    const mount = gateway.volumeMounts.find((entry: any) => entry.name === 'project');
    // subPath mounts never receive ConfigMap updates.
    expect(mount.subPath).toBeUndefined();
    const volume = pod.volumes.find((entry: any) => entry.name === 'project');
    expect(volume.configMap.name).toBe(configMap.metadata.name);
    expect(flag('--sources')).toBe(`${mount.mountPath}/sources`);
    expect(flag('--schemas')).toBe(`${mount.mountPath}/schemas`);
    expect(flag('--config')).toBe(`${mount.mountPath}/gateway.yaml`);

    // Every key placed at its path, and nothing else.
    const items: { key: string; path: string }[] = volume.configMap.items;
    expect(items.map((item) => item.key).sort()).toEqual(Object.keys(configMap['data']).sort());
    for (const item of items) expect(item.key).toBe(item.path.replaceAll('/', '__'));
    const paths = items.map((item) => item.path);
    expect(paths).toContain('gateway.yaml');
    for (const source of DEMO_SOURCES) expect(paths).toContain(`sources/${source}/source.yaml`);
  });

  it('hold the demo project of the repository in the ConfigMap, file for file', () => {
    const data: Record<string, string> = configMap['data'];
    const files = Object.keys(data)
      .filter((key) => key !== 'gateway.yaml')
      .map((key) => key.replaceAll('__', '/'));
    const demoFiles = files.filter(
      (file) => DEMO_SOURCES.some((source) => file.startsWith(`sources/${source}/`)) || DEMO_SCHEMA_FILES.some((schema) => file === `schemas/${schema}`),
    );
    expect(demoFiles).toEqual(files);
    for (const file of files) expect(data[file.replaceAll('/', '__')], file).toBe(readFileSync(join(ROOT, file), 'utf8'));
  });

  it('run every container as a non-root user on a read-only root filesystem, with a writable /tmp', () => {
    for (const manifest of manifests.filter((entry) => entry.kind === 'Deployment')) {
      const spec = manifest['spec'].template.spec;
      expect(spec.securityContext.runAsNonRoot, manifest.metadata.name).toBe(true);
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      for (const container of spec.containers) {
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        const tmp = container.volumeMounts.find((entry: any) => entry.mountPath === '/tmp');
        expect(spec.volumes.find((entry: any) => entry.name === tmp.name).emptyDir).toBeDefined();
        expect(container.resources.requests).toHaveProperty('memory');
        expect(container.resources.limits).toHaveProperty('memory');
      }
    }
  });

  it('point the demo sources at the demo Service, on the ports it exposes', () => {
    const demo = manifestOf(manifests, 'Service', 'plexus-demo');
    const env = containerEnv(gateway);
    const ports = new Set(demo['spec'].ports.map((port: any) => port.port));
    for (const variable of ['USERS_URL', 'ORDERS_URL', 'PRODUCTS_URL', 'INVENTORY_URL']) {
      const url = new URL(env[variable]!);
      expect(url.hostname, variable).toBe(demo.metadata.name);
      expect(ports.has(Number(url.port)), variable).toBe(true);
    }
  });
});

/** The gateway configuration the Deployment starts with: its gateway.yaml from the ConfigMap and its environment. */
async function configOfDeployment() {
  const dir = await mkdtemp(join(tmpdir(), 'plexus-k8s-'));
  try {
    await writeFile(join(dir, 'gateway.yaml'), configMap['data']['gateway.yaml']);
    return await loadGatewayConfig({ path: join(dir, 'gateway.yaml'), displayPath: 'gateway.yaml', required: true, env: containerEnv(gateway) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
