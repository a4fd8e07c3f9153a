import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type From, type Instruction } from 'dockerfile-ast';
import { ROOT } from '../helpers/gateway.js';

/** One build stage of the Dockerfile: its name (`AS name`) and instructions, FROM first. */
export interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

export function readDockerfileStages(text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      stages.push({ name: (instruction as From).getBuildStage() ?? undefined, instructions: [instruction] });
    } else {
      // Instructions before the first FROM (ARG) belong to no stage.
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The instructions of a stage with a keyword, e.g. `of(stage, 'COPY')`. */
export function of(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
}

/** The arguments of an exec-form instruction (`CMD ["node", "x"]`), or of what follows `CMD` in a HEALTHCHECK. */
export function execForm(instruction: Instruction): string[] {
  const content = instruction.getArgumentsContent() ?? '';
  const json = content.slice(content.indexOf('['));
  return JSON.parse(json.replace(/\\\n/g, ''));
}

/** The npm scripts a stage's RUN instructions call (`npm run build` gives `build`). */
export function npmScriptsRun(stage: Stage): string[] {
  return of(stage, 'RUN').flatMap((run) => [...(run.getArgumentsContent() ?? '').matchAll(/\bnpm run ([\w:-]+)/g)].map((match) => match[1]!));
}

/** What a COPY takes from the build context (no --from): its sources, relative paths. */
export function copiedFromContext(stage: Stage): string[] {
  return of(stage, 'COPY')
    .filter((copy) => (copy as Copy).getFromFlag() === null)
    .flatMap((copy) =>
      copy
        .getArguments()
        .map((argument) => argument.getValue())
        .slice(0, -1),
    );
}

/** The `COPY --from=<stage>` instructions of a stage, as [source, destination]. */
export function copiedFromStage(stage: Stage, from: string): [string, string][] {
  return of(stage, 'COPY')
    .filter((copy) => (copy as Copy).getFromFlag()?.getValue() === from)
    .map((copy) => copy.getArguments().map((argument) => argument.getValue()) as [string, string]);
}
