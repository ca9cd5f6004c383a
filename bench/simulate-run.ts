import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateScenario } from '../reference/scenario/generate';
import { Mode } from '../reference/scenario/types';

/** The repository root, from dist/bench/ where this runs compiled. */
const ROOT = path.resolve(__dirname, '..', '..');

export interface SimulateMeasurement {
  readonly seconds: number;
  readonly maxRssMiB: number;
}

/** Write a generated scenario of `events` events to a temporary file. */
export function writeLargeScenario(events: number): string {
  const scenario = generateScenario({ seed: 2026, vms: 2, events });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vmlab-bench-')), `scenario-${events}.json`);
  fs.writeFileSync(file, JSON.stringify(scenario));
  return file;
}

/**
 * Run `vmlab simulate --json` as a user would (a fresh process, start-up
 * included) and report its wall time and peak RSS; a preload module prints
 * the child's maxRSS as it exits.
 */
export function measureSimulate(scenarioFile: string, mode: Mode): SimulateMeasurement {
  const start = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    ['--require', path.join(__dirname, 'report-max-rss.js'), path.join(ROOT, 'bin', 'vmlab.js'), 'simulate', '--scenario', scenarioFile, '--mode', mode, '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`vmlab simulate failed (${child.status}): ${child.stderr.slice(0, 2000)}`);
  const match = /vmlab-max-rss-kib=(\d+)/.exec(child.stderr);
  if (match === null) throw new Error('the child did not report its peak RSS');
  return { seconds, maxRssMiB: Number(match[1]) / 1024 };
}
