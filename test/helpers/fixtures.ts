import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempProject {
  dir: string;
  sourcesDir: string;
  schemasDir: string;
  /** Writes files relative to the project folder, creating folders. */
  write(files: Record<string, string>): Promise<void>;
  remove(): Promise<void>;
}

/** A throwaway project folder with sources/ and schemas/, for registry and CLI tests. */
export async function tempProject(files: Record<string, string> = {}): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), 'plexus-test-'));
  const project: TempProject = {
    dir,
    sourcesDir: join(dir, 'sources'),
    schemasDir: join(dir, 'schemas'),
    async write(more) {
      for (const [path, content] of Object.entries(more)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await mkdir(project.sourcesDir, { recursive: true });
  await mkdir(project.schemasDir, { recursive: true });
  await project.write(files);
  return project;
}
