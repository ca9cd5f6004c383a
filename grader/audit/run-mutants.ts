import { spawn } from 'child_process';
import { auditChildBootstrap } from './audit-child-bootstrap';
import { AuditJob, AuditMessage } from './audit-protocol';
import { Mutant, MutantOutcome } from './mutant';

export interface RunMutantsRequest {
  readonly repoRoot: string;
  readonly assignmentDir: string;
  readonly mutants: readonly Mutant[];
  /** Child processes run side by side. */
  readonly workers: number;
  /** Longest one mutant may run its tests; beyond, it is killed (counted as killed by timeout). */
  readonly mutantSeconds: number;
  /** Called after each mutant's outcome is known (progress display). */
  readonly onOutcome?: (mutant: Mutant, outcome: MutantOutcome) => void;
}

/** Loading the assignment and observing the reference in a fresh child. */
const STARTUP_SECONDS = 300;
/** Heap of a child: a mutant that allocates without bound crashes it instead of the machine. */
const CHILD_HEAP_MIB = 1024;

/**
 * The outcome of every mutant, in order. The mutants are split into one
 * contiguous share per worker; each share runs in a child process, and when
 * a mutant hangs or crashes its child, the rest of the share continues in a
 * fresh one.
 */
export async function runMutants(request: RunMutantsRequest): Promise<MutantOutcome[]> {
  const outcomes: MutantOutcome[] = new Array<MutantOutcome>(request.mutants.length);
  const workers = Math.max(1, Math.min(request.workers, request.mutants.length));
  const shares = Array.from({ length: workers }, (_, w) => {
    const from = Math.floor((w * request.mutants.length) / workers);
    return { from, to: Math.floor(((w + 1) * request.mutants.length) / workers) };
  });
  await Promise.all(
    shares.map(async ({ from, to }) => {
      for (let next = from; next < to; ) {
        const done = await runChild(request, request.mutants.slice(next, to), (index, outcome) => {
          outcomes[next + index] = outcome;
          request.onOutcome?.(request.mutants[next + index], outcome);
        });
        next += done;
      }
    }),
  );
  return outcomes;
}

/**
 * Run one child on `mutants`; resolves with how many of them got an outcome
 * (all, or up to and including the one that hung or crashed the child).
 * Rejects when the child fails before evaluating anything: that is the
 * audit's own problem, not a mutant's.
 */
function runChild(request: RunMutantsRequest, mutants: readonly Mutant[], record: (index: number, outcome: MutantOutcome) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MIB}`, '-e', auditChildBootstrap(), request.repoRoot], {
      cwd: request.repoRoot,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    let ready = false;
    let current: number | null = null;
    let completed = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (seconds: number, onExpiry: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(onExpiry, seconds * 1000);
    };
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      action();
    };
    arm(STARTUP_SECONDS, () => finish(() => reject(new Error(`the audit child did not start within ${STARTUP_SECONDS} s`))));

    child.on('message', (message: AuditMessage) => {
      switch (message.type) {
        case 'ready':
          ready = true;
          break;
        case 'start':
          current = message.index;
          arm(request.mutantSeconds, () => {
            record(message.index, { status: 'killed', by: 'timeout', message: `no verdict within ${request.mutantSeconds} s` });
            finish(() => resolve(message.index + 1));
          });
          break;
        case 'outcome':
          record(message.index, message.outcome);
          completed = message.index + 1;
          current = null;
          clearTimeout(timer);
          break;
        case 'failed':
          finish(() => reject(new Error(`the audit child failed: ${message.message}`)));
          break;
      }
    });
    child.on('error', (error) => finish(() => reject(error)));
    child.on('exit', (code, signal) => {
      if (settled) return;
      if (!ready) return finish(() => reject(new Error(`the audit child exited (${signal ?? code}) before it was ready:\n${stderr}`)));
      if (current !== null) {
        const index = current;
        record(index, { status: 'killed', by: 'crash', message: `the process died (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-1)[0] ?? ''}` });
        return finish(() => resolve(index + 1));
      }
      if (completed < mutants.length) return finish(() => reject(new Error(`the audit child stopped after ${completed} of ${mutants.length} mutants:\n${stderr}`)));
      finish(() => resolve(completed));
    });
    const job: AuditJob = { repoRoot: request.repoRoot, assignmentDir: request.assignmentDir, mutants };
    child.send(job);
  });
}
