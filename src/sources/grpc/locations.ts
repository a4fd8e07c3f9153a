import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Problem } from '../../config/problems.js';

/**
 * Turns protobufjs's absolute file names into the paths users see, and finds lines in them:
 * protobufjs keeps no line numbers on what it parsed, so a definition is found again in the text.
 */
export class ProtoLocator {
  private readonly texts = new Map<string, string[]>();

  /**
   * @param dir absolute path of the source folder
   * @param displayDir the same folder as users see it
   * @param fallbackFile where a problem points when no .proto file is known (reflection): the source.yaml
   */
  constructor(
    private readonly dir: string,
    private readonly displayDir: string,
    private readonly fallbackFile: string,
  ) {}

  /** `sources/orders/orders.proto` for a file of the source; the path as is for any other. */
  display(file: string): string {
    const inside = relative(this.dir, file);
    return inside.startsWith('..') || inside.startsWith(sep) ? file : join(this.displayDir, inside);
  }

  /** The 1-based line of the first match of `pattern`, searching from the first match of `after`. */
  lineOf(file: string, pattern: RegExp, after?: RegExp): number | undefined {
    const lines = this.lines(file);
    let start = 0;
    if (after) {
      start = lines.findIndex((line) => after.test(line));
      if (start < 0) return undefined;
    }
    const index = lines.findIndex((line, at) => at >= start && pattern.test(line));
    return index < 0 ? undefined : index + 1;
  }

  problem(file: string | null | undefined, message: string, line?: number): Problem {
    if (!file) return { file: this.fallbackFile, message };
    return { file: this.display(file), ...(line !== undefined && { line }), message };
  }

  private lines(file: string): string[] {
    let lines = this.texts.get(file);
    if (!lines) {
      try {
        lines = readFileSync(file, 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.texts.set(file, lines);
    }
    return lines;
  }
}

/** A regular expression that matches `name` as a whole word. */
export function word(name: string): RegExp {
  return new RegExp(`(^|[^A-Za-z0-9_.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`);
}
