import { SandboxFailure } from './sandbox-types';

export interface Failure {
  readonly status: SandboxFailure;
  readonly reason: string;
}

/** What V8 prints before aborting when the heap reaches --max-old-space-size. */
const HEAP_OOM = /heap out of memory|Reached heap limit/i;

/**
 * Why a child ended on its own in the middle of a test: V8's heap limit
 * (SIGABRT, exit 134 through a shell, "heap out of memory" on stderr) is a
 * memory failure; another signal is a crash; an exit code is an exit
 * (student code calling process.exit, or an uncaught exception: code 1).
 */
export function classifyExit(code: number | null, signal: NodeJS.Signals | null, stderrTail: string, memoryMiB: number): Failure {
  const aborted = signal === 'SIGABRT' || code === 134;
  if (aborted && HEAP_OOM.test(stderrTail)) return { status: 'memory', reason: `exceeded ${memoryMiB} MiB (JavaScript heap out of memory)` };
  if (signal !== null) return { status: 'crashed', reason: `crashed: ${signal}` };
  return { status: 'exited', reason: `exited with code ${code ?? 'unknown'}` };
}
