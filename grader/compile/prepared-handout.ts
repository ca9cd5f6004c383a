import { readFileSync } from 'fs';
import * as path from 'path';
import { compiledPath, declarationPath, readPrepared, sourceKey } from '../../starter/harness/prepared-sources';

/**
 * What a handout prepared for its `npm test` (starter/harness/
 * prepared-sources.ts) put to use by the compile step of `npm run report`:
 * the JavaScript of every file as shipped, which is what transpiling it
 * would give, and the declarations of every file but the student's, which
 * the type-check reads instead of the sources of unchanged files. The
 * repository has none: there the compile step compiles everything.
 */
export class PreparedHandout {
  private constructor(
    private readonly root: string,
    private readonly shipped: Readonly<Record<string, string>>,
    private readonly declared: ReadonlySet<string>,
  ) {}

  /** The handout at `root`'s, or undefined when it has none. */
  static at(root: string): PreparedHandout | undefined {
    const prepared = readPrepared(root);
    return prepared.declared.length === 0 ? undefined : new PreparedHandout(root, prepared.shipped, new Set(prepared.declared));
  }

  /** The JavaScript shipped for this source text, if it was. */
  javascript(source: string): string | undefined {
    try {
      return readFileSync(path.join(this.root, compiledPath(source)), 'utf8');
    } catch {
      return undefined;
    }
  }

  /**
   * The files a type-check reads: `sources`, but each file the handout
   * declared and that still has its shipped text as its declarations
   * (`x.d.ts` where `x.ts` was, so imports of it find them), except `keep`.
   */
  typeCheckView(sources: ReadonlyMap<string, string>, keep: ReadonlySet<string>): Map<string, string> {
    const view = new Map<string, string>();
    for (const [file, source] of sources) {
      const declaration = !keep.has(file) && this.declared.has(file) && this.shipped[file] === sourceKey(source) ? this.declarationOf(file) : undefined;
      if (declaration === undefined) view.set(file, source);
      else view.set(file.replace(/\.ts$/, '.d.ts'), declaration);
    }
    return view;
  }

  private declarationOf(file: string): string | undefined {
    try {
      return readFileSync(path.join(this.root, declarationPath(file)), 'utf8');
    } catch {
      return undefined;
    }
  }
}
