import { BuilderSetup, BuiltJavaScript } from './build-javascript';
import { StudentFileRead } from './read-submission';

/**
 * What the grader and its compile worker (compile-worker-main.ts) say to
 * each other: plain data, copied by structured clone. The worker never runs
 * a student's code, only TypeScript over its text, so its answers are
 * trusted; what can go wrong there is time, memory or a crash of TypeScript,
 * which the grader watches from outside (compile-worker.ts).
 */

/** The worker's workerData. */
export interface CompileWorkerData {
  /** The module serving the requests (compile-worker-main.ts, or its .js in dist/), for the bootstrap to load. */
  readonly entry: string;
  readonly setup: BuilderSetup;
}

/** Build one submission (JavaScriptBuilder.build). */
export interface CompileRequest {
  readonly id: number;
  readonly studentFiles: ReadonlyMap<string, StudentFileRead>;
  readonly failAll?: string;
}

export type CompileWorkerMessage =
  /** The handout is parsed: requests are served from now on, and timed from when they are sent. */
  | { readonly kind: 'ready' }
  | { readonly kind: 'built'; readonly id: number; readonly built: BuiltJavaScript }
  /** TypeScript threw while it worked on the submission's files (a CompilerCrash). */
  | { readonly kind: 'crashed'; readonly id: number; readonly message: string }
  /** vmlab's own files do not build: a bug, which the grader throws. */
  | { readonly kind: 'internal-error'; readonly id: number; readonly message: string; readonly stack?: string };
