import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ExperimentResults } from '../../experiments/experiment-types';
import { runCli } from '../test-support/run-cli';

describe('vmlab experiment', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'vmlab-experiment-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs one workload under every configuration and writes the page and the results, nothing else', async () => {
    const out = path.join(folder, 'out');
    const run = await runCli('experiment', 'ping-pong', '--scale', '0.1', '--out', out);
    expect(run.code).toBe(0);
    // No claim rests on ping-pong alone: only the files written are reported.
    expect(run.stdout).toBe(`wrote ${path.join(out, 'index.html')} and ${path.join(out, 'results.json')}\n`);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'results.json']);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as ExperimentResults;
    expect(results.workloads.map((workload) => workload.workload)).toEqual(['ping-pong']);
    expect(results.scale).toBe(0.1);
    expect(results.workloads[0].description).toContain('take 300 turns each');
    expect(results.workloads[0].runs.map((result) => result.configuration)).toEqual(results.configurations.map((configuration) => configuration.id));
    const page = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(page).toContain('Context-switch ping-pong');
    expect(page).not.toMatch(/<script/i);
  });

  it('refuses an unknown experiment with the known names, exit 2, writing nothing', async () => {
    const out = path.join(folder, 'out');
    const run = await runCli('experiment', 'fork-bomb', '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown experiment "fork-bomb"; expected one of fork-exit, ping-pong, vm-switch, mmap-churn, tlb-miss, compile, all');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a scale outside (0, 1]', async () => {
    for (const scale of ['0', '1.5', 'half']) {
      const run = await runCli('experiment', 'all', '--scale', scale, '--out', path.join(folder, 'out'));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('It must be a number greater than 0 and at most 1.');
    }
  });

  it('refuses an --out that is a file, saying so, and leaves the file as it was', async () => {
    const file = path.join(folder, 'taken');
    writeFileSync(file, 'notes');
    const run = await runCli('experiment', 'ping-pong', '--scale', '0.05', '--out', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`vmlab: ${file}: cannot write the output there: it is a file, and a folder is needed\n`);
    expect(readFileSync(file, 'utf8')).toBe('notes');
  });

  it('needs --out', async () => {
    const run = await runCli('experiment', 'all');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--out');
  });
});
