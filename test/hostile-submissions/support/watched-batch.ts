import { spawn } from 'child_process';
import { lstatSync, readFileSync, readdirSync } from 'fs';
import * as path from 'path';

/** What happened to the grader while it graded the batch, as seen from outside. */
export interface BatchRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Times the grader was found stopped (state T) and continued by the watch. */
  readonly stops: number;
  /** The batch did not end in time and was killed. */
  readonly killedAfterMs: number | undefined;
  /** Every file seen under TMPDIR while the batch ran (relative paths), and the most bytes seen there at once. */
  readonly filesSeen: ReadonlySet<string>;
  readonly peakTmpBytes: number;
  /** Processes still running from TMPDIR after the grader ended (killed then), by command line. */
  readonly survivors: readonly string[];
}

const RUNNER = path.join(__dirname, 'vmlab-from-sources.js');
/** How often the watch looks at the grader and at TMPDIR. */
const WATCH_MS = 250;

/**
 * Runs `vmlab ARGS` from the sources in a process of its own (its own process
 * group, so nothing the batch signals reaches the test runner) with TMPDIR set
 * to `tmpDir`, and watches it: a grader found stopped is noted and continued,
 * every file appearing under TMPDIR is noted, and a batch still running after
 * `limitMs` is killed.
 */
export function runWatchedBatch(args: readonly string[], options: { readonly cwd: string; readonly tmpDir: string; readonly limitMs: number }): Promise<BatchRun> {
  const child = spawn(process.execPath, [RUNNER, ...args], {
    cwd: options.cwd,
    env: { ...process.env, TMPDIR: options.tmpDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stops = 0;
  let peakTmpBytes = 0;
  const filesSeen = new Set<string>();
  const watch = setInterval(() => {
    if (child.pid !== undefined && processState(child.pid) === 'T') {
      stops += 1;
      tryKill(child.pid, 'SIGCONT');
    }
    peakTmpBytes = Math.max(peakTmpBytes, scanFiles(options.tmpDir, filesSeen));
  }, WATCH_MS);
  let killedAfterMs: number | undefined;
  const started = Date.now();
  const limit = setTimeout(() => {
    killedAfterMs = Date.now() - started;
    // The whole group: the grader and whatever children it left.
    if (child.pid !== undefined) tryKill(-child.pid, 'SIGKILL');
  }, options.limitMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(watch);
      clearTimeout(limit);
      const survivors = killSurvivors(options.tmpDir);
      resolve({ code, signal, stdout, stderr, stops, killedAfterMs, filesSeen, peakTmpBytes, survivors });
    });
  });
}

/**
 * Kills every process whose command line names `tmpDir` (a sandbox child
 * runs from there) and returns their command lines: whatever the batch
 * started must have ended with it.
 */
function killSurvivors(tmpDir: string): string[] {
  const survivors: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (!commandLine.includes(tmpDir) || Number(pid) === process.pid) continue;
    survivors.push(commandLine.slice(0, 200));
    tryKill(Number(pid), 'SIGKILL');
  }
  return survivors;
}

/** The state letter of /proc/PID/stat (R, S, T, Z...), or undefined when the process is gone. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

/** Adds every file under `dir` to `seen` (relative paths) and returns their total size; files vanish as it reads. */
function scanFiles(dir: string, seen: Set<string>, under = ''): number {
  let bytes = 0;
  let names: string[];
  try {
    names = readdirSync(path.join(dir, under));
  } catch {
    return 0;
  }
  for (const name of names) {
    const relative = path.join(under, name);
    try {
      const stats = lstatSync(path.join(dir, relative));
      if (stats.isDirectory()) bytes += scanFiles(dir, seen, relative);
      else {
        seen.add(relative);
        bytes += stats.size;
      }
    } catch {
      // Removed meanwhile.
    }
  }
  return bytes;
}
