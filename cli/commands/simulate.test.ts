import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runReferenceScenario } from '../../reference/reference-components';
import { MODES, Mode } from '../../reference/scenario/types';
import { parseScenarioText } from '../../reference/scenario/validate';
import { runCli } from '../test-support/run-cli';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const FORK_THEN_WRITE = path.join(EXAMPLES, 'fork-then-write.json');
const MMAP_CHURN = path.join(EXAMPLES, 'mmap-churn.json');

/** What the machine itself says about a scenario file, to compare the CLI's output with. */
function expectedResult(file: string, mode?: Mode) {
  const scenario = parseScenarioText(readFileSync(file, 'utf8'), file);
  return runReferenceScenario(scenario, mode ?? scenario.machine.mode);
}

describe('vmlab simulate', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'vmlab-simulate-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  function scenarioFile(content: unknown): string {
    const file = path.join(folder, 'scenario.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  describe('--json', () => {
    it('prints exactly { mode, outcomes, stats } as the machine computes them', async () => {
      const run = await runCli('simulate', '--scenario', FORK_THEN_WRITE, '--json');
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const printed = JSON.parse(run.stdout);
      expect(Object.keys(printed)).toEqual(['mode', 'outcomes', 'stats']);
      expect(printed).toEqual(JSON.parse(JSON.stringify(expectedResult(FORK_THEN_WRITE))));
    });

    it('pretty-prints with two spaces', async () => {
      const run = await runCli('simulate', '--scenario', FORK_THEN_WRITE, '--json');
      expect(run.stdout).toBe(JSON.stringify(JSON.parse(run.stdout), null, 2) + '\n');
    });

    it.each(MODES)('--mode %s overrides machine.mode', async (mode) => {
      const run = await runCli('simulate', '--scenario', FORK_THEN_WRITE, '--mode', mode, '--json');
      const printed = JSON.parse(run.stdout);
      expect(printed.mode).toBe(mode);
      expect(printed.stats).toEqual(JSON.parse(JSON.stringify(expectedResult(FORK_THEN_WRITE, mode).stats)));
    });

    it('reports the outcomes SCENARIO.md gives for its example', async () => {
      const printed = JSON.parse((await runCli('simulate', '--scenario', FORK_THEN_WRITE, '--json')).stdout);
      expect(printed.outcomes).toEqual([
        { event: 2, op: 'write' },
        { event: 4, op: 'read', value: 42 },
        { event: 5, op: 'inspect', pte: { present: true, writable: true, executable: false, accessed: true, dirty: true } },
      ]);
    });
  });

  describe('summary', () => {
    it('names the scenario and mode, counts outcomes and faults, and tabulates every counter', async () => {
      const run = await runCli('simulate', '--scenario', MMAP_CHURN, '--mode', 'shadow');
      expect(run.code).toBe(0);
      const result = expectedResult(MMAP_CHURN, 'shadow');
      const faults = result.outcomes.filter((outcome) => 'fault' in outcome);
      expect(faults.length).toBeGreaterThan(0);
      expect(run.stdout).toMatch(/^scenario\s+mmap-churn\nmode\s+shadow\n/);
      expect(run.stdout).toContain(`${result.outcomes.length} outcomes, ${faults.length} faults`);
      const row = (label: string, value: number) => new RegExp(`^\\s*${label}\\s+${value}$`, 'm');
      expect(run.stdout).toMatch(row('accesses', result.stats.accesses));
      expect(run.stdout).toMatch(row('tlbMisses', result.stats.tlbMisses));
      expect(run.stdout).toMatch(/^vmExitsByReason$/m);
      for (const [reason, count] of Object.entries(result.stats.vmExitsByReason)) expect(run.stdout).toMatch(row(reason, count));
      expect(run.stdout).toMatch(/^pageTablePages$/m);
      expect(run.stdout).toMatch(row('  shadow', result.stats.pageTablePages.shadow));
    });
  });

  describe('--compare', () => {
    it('shows a column per mode and says the outcomes are identical', async () => {
      const run = await runCli('simulate', '--scenario', MMAP_CHURN, '--compare');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^statistic\s+native\s+shadow\s+ept$/m);
      expect(run.stdout).toContain('identical in native, shadow, ept');
      const [native, shadow, ept] = MODES.map((mode) => expectedResult(MMAP_CHURN, mode).stats);
      expect(run.stdout).toMatch(new RegExp(`^walkMemRefs\\s+${native.walkMemRefs}\\s+${shadow.walkMemRefs}\\s+${ept.walkMemRefs}$`, 'm'));
    });

    it('--json prints the scenario name, the agreement, and each mode as --json would', async () => {
      const run = await runCli('simulate', '--scenario', MMAP_CHURN, '--compare', '--json');
      expect(run.code).toBe(0);
      const printed = JSON.parse(run.stdout);
      expect(printed.scenario).toBe('mmap-churn');
      expect(printed.outcomesAgree).toBe(true);
      expect(printed.firstDifference).toBeNull();
      expect(Object.keys(printed.modes)).toEqual(['native', 'shadow', 'ept']);
      for (const mode of MODES) expect(printed.modes[mode]).toEqual(JSON.parse(JSON.stringify(expectedResult(MMAP_CHURN, mode))));
    });
  });

  describe('errors', () => {
    it('a bad scenario: the located message on stderr, nothing on stdout, exit 2', async () => {
      const file = scenarioFile({ events: [{ op: 'spawn' }, { op: 'mmap', va: '0x400000', pages: 0, prot: 'rw' }] });
      const run = await runCli('simulate', '--scenario', file);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `vmlab: ${file}: events[1] (mmap): "pages" must be an integer >= 1 (got 0)\n` });
    });

    it('lists the further problems, at most 20 in all', async () => {
      const reads = Array.from({ length: 30 }, (_, i) => ({ op: 'read', pid: i + 2, va: 0 }));
      const file = scenarioFile({ events: [{ op: 'spawn' }, ...reads] });
      const run = await runCli('simulate', '--scenario', file, '--json');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(`vmlab: ${file}: events[1] (read): process 2 does not exist in vm 1 (no spawn or fork created it)`);
      expect(lines[1]).toBe('  events[2] (read): process 3 does not exist in vm 1 (no spawn or fork created it)');
      expect(lines).toHaveLength(21);
      expect(lines[20]).toBe('  ... and 10 more problems');
    });

    it('a JSON syntax error: line and column, exit 2', async () => {
      const file = scenarioFile('{\n  "events": [\n    { "op": "spawn" }\n    { "op": "exit" }\n  ]\n}\n');
      const run = await runCli('simulate', '--scenario', file);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `vmlab: ${file}: line 4, column 5: invalid JSON: expected "," or "]" after an array element, found "{"\n`,
      });
    });

    it('a file that cannot be read: says so, exit 2', async () => {
      const file = path.join(folder, 'missing.json');
      const run = await runCli('simulate', '--scenario', file);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `vmlab: ${file}: cannot read the scenario: no such file or directory\n` });
    });

    it('a run that fails (out of memory): the reason, with the file and mode, exit 1', async () => {
      const file = scenarioFile({ machine: { guestMemoryMiB: 1 }, events: [{ op: 'spawn' }] });
      const run = await runCli('simulate', '--scenario', file);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^vmlab: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: native mode: .*out of frames`));
    });
  });
});
