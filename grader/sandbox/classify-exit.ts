import { CHANNEL_LOST_EXIT_CODE } from './protocol';
import { SandboxFailure } from './sandbox-types';

export interface Failure {
  readonly status: SandboxFailure;
  readonly reason: string;
}

/** What V8 prints before aborting when the heap reaches --max-old-space-size. */
const HEAP_OOM = /heap out of memory|Reached heap limit/i;

/**
 * Why a child ended on its own in the middle of a test: V8's heap limit
 * ("heap out of memory" on stderr, then an abort: SIGABRT, exit 134 through
 * a shell, or SIGSEGV when node is pid 1 of its PID namespace, where the
 * kernel ignores the SIGABRT it sends itself and abort() falls back to a
 * fault) is a memory failure; the child's own "lost my channel" exit is a
 * protocol failure; another signal is a crash; an exit code is an exit
 * (student code calling process.exit, or an uncaught exception: code 1).
 */
export function classifyExit(code: number | null, signal: NodeJS.Signals | null, stderrTail: string, memoryMiB: number): Failure {
  const aborted = signal === 'SIGABRT' || signal === 'SIGSEGV' || signal === 'SIGILL' || signal === 'SIGTRAP' || code === 134;
  if (aborted && HEAP_OOM.test(stderrTail)) return { status: 'memory', reason: `exceeded ${memoryMiB} MiB (JavaScript heap out of memory)` };
  if (signal !== null) return { status: 'crashed', reason: `crashed: ${signal}` };
  if (code === CHANNEL_LOST_EXIT_CODE) return { status: 'protocol', reason: `the sandbox lost its request or reply channel (exit code ${code})` };
  return { status: 'exited', reason: `exited with code ${code ?? 'unknown'}` };
}
