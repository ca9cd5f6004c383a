import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateScenario } from '../reference/scenario/generate';
import { Mode } from '../reference/scenario/types';
import { VmlabRun, runVmlab } from './vmlab-run';

/** Write a generated scenario of `events` events to a temporary file. */
export function writeLargeScenario(events: number): string {
  const scenario = generateScenario({ seed: 2026, vms: 2, events });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vmlab-bench-')), `scenario-${events}.json`);
  fs.writeFileSync(file, JSON.stringify(scenario));
  return file;
}

/** `vmlab simulate --json` on a scenario file: its wall time and peak RSS. */
export function measureSimulate(scenarioFile: string, mode: Mode): VmlabRun {
  return runVmlab(['simulate', '--scenario', scenarioFile, '--mode', mode, '--json']);
}
