import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import * as path from 'path';
import { loadAssignment } from '../../../assignments/framework/load-assignment';
import { handoutFiles } from '../../../grader/handout/handout-layout';
import { vmlabRoot } from '../../../io/vmlab-root';
import { ESCAPE_HELPERS } from './escape-helpers';

/** One attack of the hostile corpus, as corpus.json lists it. */
export interface HostileKind {
  readonly kind: string;
  readonly class: 'channel' | 'signal' | 'outwait' | 'resource' | 'escape' | 'hidden' | 'judge' | 'compiler';
  /** What the submission is built on: the stub, the key, or neither (a file of its own). */
  readonly base: 'stub' | 'key' | 'none';
  readonly attempts: string;
  /** What the grader must do about it. */
  readonly grader: string;
  /** The most it may score. */
  readonly maxScore: number;
  /** The least a key-based attack must keep: its attack may cost the tests it misbehaves in, no more. */
  readonly minScore?: number;
  /** A regular expression that must not match anything the student sees. */
  readonly leakPattern?: string;
  /** A regular expression that no file name the batch's temp folder ever holds may match. */
  readonly forbiddenFiles?: string;
  /** Symbolic links the test makes in the submission: submission-relative path → target ({repo} is the repository). */
  readonly links?: Readonly<Record<string, string>>;
  /** A student file the test writes (too large to keep in the repository). */
  readonly generate?: 'huge-file' | 'oversized-file';
  /** A local TCP port the attack connects to: the test listens there, and no connection may arrive. */
  readonly connectPort?: number;
}

export interface AssignmentCorpus {
  /** Student ids of the clean key and the stub in the graded class (written from the handouts, not kept here). */
  readonly key: string;
  readonly stub: string;
  readonly kinds: readonly HostileKind[];
}

export const CORPUS_DIR = path.join(vmlabRoot(), 'test', 'hostile-submissions');

export function readCorpus(): Readonly<Record<string, AssignmentCorpus>> {
  return (JSON.parse(readFileSync(path.join(CORPUS_DIR, 'corpus.json'), 'utf8')) as { assignments: Record<string, AssignmentCorpus> }).assignments;
}

/**
 * The kinds to grade: all, or those HOSTILE_KINDS names (`walk/busy-loop,shadow/channel-junk-line`),
 * for working on one kind without grading the whole corpus.
 */
export function selectedKinds(assignment: string, corpus: AssignmentCorpus, filter = process.env.HOSTILE_KINDS): readonly HostileKind[] {
  if (filter === undefined || filter.trim() === '') return corpus.kinds;
  const wanted = new Set(filter.split(',').map((name) => name.trim()));
  return corpus.kinds.filter((kind) => wanted.has(`${assignment}/${kind.kind}`));
}

/**
 * Writes the class to grade into `classDir`: the key and the stub (the
 * student files of the assignment's key handout, as `vmlab handout
 * --key-out` writes them, and of its students' handout), and each kind's
 * submission (folder name = student id), with the links and generated files
 * corpus.json asks for.
 */
export function assembleClass(assignment: string, corpus: AssignmentCorpus, kinds: readonly HostileKind[], classDir: string): void {
  const from = path.join(CORPUS_DIR, assignment);
  const loaded = loadAssignment(path.join(vmlabRoot(), 'assignments', assignment));
  const key = handoutFiles(vmlabRoot(), loaded, 'key');
  const stubs = handoutFiles(vmlabRoot(), loaded, 'stubs');
  mkdirSync(classDir, { recursive: true });
  writeStudentFiles(loaded.manifest.studentFiles, key, path.join(classDir, corpus.key));
  writeStudentFiles(loaded.manifest.studentFiles, stubs, path.join(classDir, corpus.stub));
  const [firstStudentFile] = loaded.manifest.studentFiles;
  const stubSource = stubs.get(firstStudentFile)!;
  for (const kind of kinds) {
    const dir = path.join(classDir, kind.kind);
    cpSync(path.join(from, kind.kind), dir, { recursive: true, verbatimSymlinks: true });
    spliceSharedCode(dir, { key, stubs });
    for (const [link, target] of Object.entries(kind.links ?? {})) {
      mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
      symlinkSync(target.replace('{repo}', vmlabRoot()), path.join(dir, link));
    }
    if (kind.generate !== undefined) {
      mkdirSync(path.dirname(path.join(dir, firstStudentFile)), { recursive: true });
      writeFileSync(path.join(dir, firstStudentFile), generatedSource(kind.generate, stubSource));
    }
  }
}

function writeStudentFiles(studentFiles: readonly string[], handout: ReadonlyMap<string, string>, submissionDir: string): void {
  for (const file of studentFiles) {
    mkdirSync(path.dirname(path.join(submissionDir, file)), { recursive: true });
    writeFileSync(path.join(submissionDir, file), handout.get(file)!);
  }
}

/** A stub with filler: just under the 1 MB limit on student files, or three times over it. */
function generatedSource(kind: 'huge-file' | 'oversized-file', stubSource: string): string {
  const target = kind === 'huge-file' ? 1000 * 1000 : 3 * 1024 * 1024;
  const lines = [stubSource];
  let size = stubSource.length;
  for (let i = 0; size < target - 100; i++) {
    const line = `export function filler${i}(x: number): number { return x * ${i} + ${i % 7}; }\n`;
    if (size + line.length > target) break;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

/**
 * Code written once and spliced into the corpus files that use it when the
 * class is assembled: a line `// ---- splice: NAME ----` in a student file
 * stands for
 * - `walk-key`, `tlb-key`: the walk (TLB) key's code, its export renamed
 *   keyWalker (keyTlb): what an attack on the key wraps;
 * - `stub`: the students' handout stub of that very file (imports included);
 * - `escape-helpers`: support/escape-helpers.ts.
 */
const SPLICE_MARK = /^\/\/ ---- splice: ([a-z-]+) ----$/gm;

/** The keys an attack may wrap: the key's student file, its export, and the name the attack calls it by. */
const WRAPPED_KEYS = {
  'walk-key': { studentFile: 'starter/src/walker.ts', exported: 'export const walker: Walker', renamed: 'const keyWalker: Walker' },
  'tlb-key': { studentFile: 'starter/src/tlb.ts', exported: 'export const tlb: TlbComponent', renamed: 'const keyTlb: TlbComponent' },
} as const;

interface SpliceSources {
  readonly key: ReadonlyMap<string, string>;
  readonly stubs: ReadonlyMap<string, string>;
}

/** Splices into every TypeScript file of the submission's starter/src/ (student files and extra ones alike). */
function spliceSharedCode(submissionDir: string, sources: SpliceSources): void {
  const folder = path.join(submissionDir, 'starter', 'src');
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    const studentFile = `starter/src/${name}`;
    const file = path.join(folder, name);
    if (!name.endsWith('.ts') || !lstatSync(file).isFile()) continue;
    const source = readFileSync(file, 'utf8');
    const spliced = source.replace(SPLICE_MARK, (_mark, name: string) => splicedCode(file, studentFile, name, sources));
    // A mark mistyped would be left as a comment, and the attack would quietly lose its code.
    if (spliced.includes('// ---- splice')) throw new Error(`${file}: a splice mark is not of the form \`// ---- splice: NAME ----\``);
    if (spliced !== source) writeFileSync(file, spliced);
  }
}

function splicedCode(file: string, studentFile: string, name: string, { key, stubs }: SpliceSources): string {
  switch (name) {
    case 'walk-key':
    case 'tlb-key': {
      const { studentFile: keyFile, exported, renamed } = WRAPPED_KEYS[name];
      const code = (key.get(keyFile) ?? '').replace(exported, `/** A correct component (the key): the attack below wraps it. */\n${renamed}`);
      if (!code.includes(renamed)) throw new Error(`${file}: the key of ${keyFile} no longer has \`${exported}\` to wrap`);
      return code;
    }
    case 'stub': {
      const stub = stubs.get(studentFile);
      if (stub === undefined) throw new Error(`${file}: the handout has no stub of ${studentFile}`);
      return stub;
    }
    case 'escape-helpers':
      return ESCAPE_HELPERS;
    default:
      throw new Error(`${file}: no shared code is called ${name}`);
  }
}
