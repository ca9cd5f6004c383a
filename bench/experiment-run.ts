import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Figure } from './measure';
import { runVmlab } from './vmlab-run';

/** `vmlab experiment all`, run as a user runs it: the target is under a minute. */
export function experimentFigures(): Figure[] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlab-bench-experiment-'));
  try {
    const run = runVmlab(['experiment', 'all', '--out', out]);
    return [
      { name: 'vmlab experiment all: time', value: run.seconds, unit: 's', target: { value: 60, better: 'lower' } },
      { name: 'vmlab experiment all: peak RSS', value: run.maxRssMiB, unit: 'MiB' },
    ];
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
