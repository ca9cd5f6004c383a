import { AssignmentLimits } from '../../assignments/framework/manifest-types';

/** How long, and in how much memory, one submission may be type-checked and transpiled. */
export interface CompileLimits {
  readonly seconds: number;
  /** The compile worker's heap cap (V8's old generation), which also holds TypeScript and the handout's parse. */
  readonly memoryMiB: number;
}

/** Far above what a submission of ordinary code needs (well under a second once the worker has parsed the handout). */
export const DEFAULT_COMPILE_SECONDS = 30;
/**
 * About twenty times what the worker holds after compiling an ordinary
 * submission (about 100 MiB), and half the heap Node gives the grader itself
 * on a large machine. A tighter cap makes V8 collect garbage more often:
 * with 1024 MiB each compile costs about a fifth more CPU.
 */
export const DEFAULT_COMPILE_MEMORY_MIB = 2048;

/** The compile limits an assignment's manifest sets, or the defaults. */
export function compileLimits(limits: AssignmentLimits): CompileLimits {
  return { seconds: limits.compileSeconds ?? DEFAULT_COMPILE_SECONDS, memoryMiB: limits.compileMemoryMiB ?? DEFAULT_COMPILE_MEMORY_MIB };
}
