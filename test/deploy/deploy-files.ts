import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers/gateway.js';

// Reads the deployment files of the repository (deploy/kubernetes/, docker-compose.yml) as plain data.

export const KUBERNETES_DIR = join(ROOT, 'deploy', 'kubernetes');

/** One document of a manifest file. */
export interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: any;
}

/** Every document of a manifest file, failing on YAML errors. */
export function readManifestFile(file: string): Manifest[] {
  const documents = parseAllDocuments(readFileSync(join(KUBERNETES_DIR, file), 'utf8'));
  if (!Array.isArray(documents)) throw new Error(`${file}: not a YAML stream`);
  return documents.map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${file}, document ${index + 1}: ${document.errors[0]!.message}`);
    return { ...(document.toJS() as Omit<Manifest, 'file'>), file } as Manifest;
  });
}

export function readKustomization(): { resources: string[]; images?: { name: string }[] } {
  return parse(readFileSync(join(KUBERNETES_DIR, 'kustomization.yaml'), 'utf8'));
}

/** Every manifest the kustomization lists, in its order. */
export function readManifests(): Manifest[] {
  return readKustomization().resources.flatMap((file) => readManifestFile(file));
}

/** The one manifest of a kind and name; throws when it is missing or doubled. */
export function manifestOf(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0]!;
}

/** Name to duration in seconds for the simple forms the manifests and gateway.yaml use (`10s`, `1m`, `500ms`). */
export function seconds(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60 }[match[2] as 'ms' | 's' | 'm'];
}

export interface ComposeFile {
  services: Record<
    string,
    {
      build?: { context: string; target?: string };
      image?: string;
      environment?: Record<string, string>;
      depends_on?: Record<string, unknown>;
      stop_grace_period?: string;
      expose?: string[];
      ports?: string[];
    }
  >;
}

export function readCompose(): ComposeFile {
  return parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
}
