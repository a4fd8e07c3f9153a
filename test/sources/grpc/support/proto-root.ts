import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import protobuf from 'protobufjs';
import { bundledProtoDirs } from '../../../../src/sources/grpc/proto-paths.js';

/** The protobufjs root of `files` (relative to the first of `includeDirs`), imports searched in `includeDirs` and then the files Plexus ships. */
export function loadProtoRoot(files: readonly string[], includeDirs: readonly string[]): protobuf.Root {
  const dirs = [...includeDirs, ...bundledProtoDirs()];
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : (dirs.map((dir) => join(dir, target)).find((path) => existsSync(path)) ?? target));
  root.loadSync(
    files.map((file) => join(includeDirs[0]!, file)),
    { keepCase: true },
  );
  root.resolveAll();
  return root;
}
