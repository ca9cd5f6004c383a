import { spawn } from 'child_process';
import * as path from 'path';
import { vmlabRoot } from '../../io/vmlab-root';
import { VmlabError } from '../../reference/errors';

/** The child that runs Dolos, relative to vmlab's root (plain JavaScript, run as is from the sources and from dist/). */
export const DOLOS_CHILD_FILE = 'grader/similarity/dolos-child.mjs';

/** A stretch of lines of one file, 0-based and inclusive, as Dolos reports a fragment's selection. */
export interface LineSpan {
  readonly startRow: number;
  readonly endRow: number;
}

/** One text given to Dolos: a label for messages, and the text. */
export interface DolosInput {
  readonly label: string;
  readonly content: string;
}

export interface DolosRequest {
  /** Dolos's language name (`typescript`, `javascript`), or null to let it detect one from the labels' extensions. */
  readonly language: string | null;
  readonly files: readonly DolosInput[];
  /** Code every student was given: its fingerprints count in no pair (Dolos's template/boilerplate exclusion). */
  readonly template?: DolosInput;
}

/** A pair as Dolos scores it: indexes into the request's files, similarity in [0, 1], the shared fragments. */
export interface DolosPair {
  readonly left: number;
  readonly right: number;
  readonly similarity: number;
  /** The longest shared run, in k-grams. */
  readonly longest: number;
  readonly fragments: readonly { readonly left: LineSpan; readonly right: LineSpan }[];
}

export interface DolosAnalysis {
  readonly pairs: readonly DolosPair[];
  readonly warnings: readonly string[];
}

/** Longest Dolos may take on one file of a class: a limit for a stuck child, not a speed target. */
const DOLOS_TIMEOUT_MS = 15 * 60 * 1000;
/** What Node says when the child cannot find Dolos at all. */
const NOT_INSTALLED = /Cannot find package '@dodona\/dolos-lib'/;
/** What Node says when a package's native addon was never compiled (its install script did not run). */
const NOT_BUILT = /No native build was found|Cannot find module '\.\/build\/Release\//;
/** Longest stderr kept for an error message. */
const MAX_ERROR_TEXT = 2000;

/** The language Dolos should parse a student file as, from its extension (null: Dolos picks one). */
export function dolosLanguageOf(file: string): string | null {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') return 'typescript';
  if (extension === '.js' || extension === '.mjs' || extension === '.cjs') return 'javascript';
  return null;
}

/**
 * Run Dolos on the request in a child process (dolos-child.mjs) and return
 * its pairs. The child gets the texts on stdin and answers on stdout; one that
 * fails, is killed or answers with something else is an error that says so;
 * one that cannot load Dolos says how to install it. `childFile` is for tests.
 */
export function runDolos(request: DolosRequest, childFile: string = path.join(vmlabRoot(), DOLOS_CHILD_FILE)): Promise<DolosAnalysis> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile], { cwd: vmlabRoot(), stdio: ['pipe', 'pipe', 'pipe'], timeout: DOLOS_TIMEOUT_MS });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_ERROR_TEXT) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => reject(new Error(`vmlab: could not start Dolos: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code !== 0 && NOT_INSTALLED.test(stderr)) {
        reject(new VmlabError('IO', `Dolos is not installed here: run \`npm ci\` in ${vmlabRoot()} (it is one of vmlab's development packages)`));
        return;
      }
      if (code !== 0 && NOT_BUILT.test(stderr)) {
        reject(new VmlabError('IO', `Dolos's native parsers are not built here (npm installed it without running its install scripts): run \`npm rebuild tree-sitter tree-sitter-compat @dodona/dolos-parsers\` in ${vmlabRoot()}`));
        return;
      }
      if (code !== 0) {
        reject(new Error(`vmlab: Dolos failed (${signal ?? `exit status ${code}`}): ${stderr.slice(0, MAX_ERROR_TEXT).trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(stdout).toString('utf8')) as DolosAnalysis);
      } catch (error) {
        reject(new Error(`vmlab: Dolos answered with something other than JSON: ${(error as Error).message}`));
      }
    });
    // A child that dies before reading everything closes stdin: its exit status says why, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(request));
  });
}
