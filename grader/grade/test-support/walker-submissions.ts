import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import type { WalkerBug } from '../../../assignments/walk/test-support/sketch-walker';

/**
 * Walk submissions for whole-pipeline grading (the tests, the benchmark): a
 * student folder holding a starter/src/walker.ts, most often the walker
 * written from spec.md alone (assignments/walk/test-support/sketch-walker.ts),
 * so a perfect score is evidence from an independent implementation, not the
 * reference judging itself.
 */

/** A submission folder at `dir` holding `source` as starter/src/walker.ts. */
export function writeWalkerSubmission(dir: string, source: string): string {
  mkdirSync(path.join(dir, 'starter', 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'starter', 'src', 'walker.ts'), source);
  return dir;
}

/** The sketch walker as a student file: its imports re-rooted at starter/src/, its walker exported with the given bugs. */
export function sketchWalkerSource(repoRoot: string, bugs: readonly WalkerBug[]): string {
  const sketch = readFileSync(path.join(repoRoot, 'assignments', 'walk', 'test-support', 'sketch-walker.ts'), 'utf8').replace(/'\.\.\/\.\.\/\.\.\/reference\//g, "'../../reference/");
  return `${sketch}\nexport const walker: Walker = sketchWalker(${JSON.stringify(bugs)});\n`;
}

/** The stub students start from: it throws "not implemented". */
export function stubWalkerSource(repoRoot: string): string {
  return readFileSync(path.join(repoRoot, 'starter', 'src', 'walker.ts'), 'utf8');
}

/**
 * The correct sketch walker as `honest`, with `body` (TypeScript that exports
 * `walker`, usually wrapping honest.walk) after it: a submission that behaves
 * correctly except where `body` says otherwise.
 */
export function wrappedSketchWalkerSource(repoRoot: string, body: string): string {
  const sketch = readFileSync(path.join(repoRoot, 'assignments', 'walk', 'test-support', 'sketch-walker.ts'), 'utf8').replace(/'\.\.\/\.\.\/\.\.\/reference\//g, "'../../reference/");
  return `// @ts-nocheck\n${sketch}\nconst honest: Walker = sketchWalker([]);\n${body}\n`;
}
