import { spawnSync } from 'child_process';
import * as path from 'path';
import { vmlabRoot } from '../io/vmlab-root';

export interface VmlabRun {
  readonly seconds: number;
  readonly maxRssMiB: number;
}

/**
 * Run the vmlab CLI with `args` as a user would (a fresh process, start-up
 * included) and report its wall time and peak RSS; a preload module prints
 * the child's maxRSS as it exits.
 */
export function runVmlab(args: readonly string[]): VmlabRun {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', path.join(__dirname, 'report-max-rss.js'), path.join(vmlabRoot(), 'bin', 'vmlab.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`vmlab ${args[0]} failed (${child.status}): ${child.stderr.slice(0, 2000)}`);
  const match = /vmlab-max-rss-kib=(\d+)/.exec(child.stderr);
  if (match === null) throw new Error('the child did not report its peak RSS');
  return { seconds, maxRssMiB: Number(match[1]) / 1024 };
}
