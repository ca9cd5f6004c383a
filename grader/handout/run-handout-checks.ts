import { spawn } from 'child_process';
import * as path from 'path';
import { PUBLIC_REPORT_LAUNCHER } from '../public-report/public-report-files';

export interface ToolRun {
  readonly exitCode: number | null;
  /** stdout and stderr together, capped. */
  readonly output: string;
}

const MAX_OUTPUT = 200_000;

/**
 * Run one of vmlab's own tools (tsc, jest, the report) on a handout folder,
 * with vmlab's node_modules linked in so nothing is installed. Asynchronous,
 * so the stub and key packages can be checked at the same time.
 */
export function runTool(script: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, output });
    });
  });
}

export function typeCheck(dir: string): Promise<ToolRun> {
  return runTool(require.resolve('typescript/bin/tsc'), ['--noEmit', '-p', '.'], dir, 180_000);
}

export function publicTests(dir: string): Promise<ToolRun> {
  return runTool(require.resolve('jest/bin/jest'), ['--ci', '--colors=false', '--rootDir', dir], dir, 300_000);
}

/** What `npm run report` runs, run the same way. */
export function publicReport(dir: string): Promise<ToolRun> {
  return runTool(path.join(dir, PUBLIC_REPORT_LAUNCHER), [], dir, 300_000);
}
