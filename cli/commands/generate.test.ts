import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { generateScenario } from '../../reference/scenario/generate';
import { parseScenarioText } from '../../reference/scenario/validate';
import { runCli } from '../test-support/run-cli';

describe('vmlab generate', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'vmlab-generate-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('prints the scenario of the seed as JSON, exit 0', async () => {
    const run = await runCli('generate', '--seed', '7', '--vms', '2', '--processes', '4', '--events', '120');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(generateScenario({ seed: 7, vms: 2, processesPerVm: 4, events: 120 }));
  });

  it('prints a scenario that validates', async () => {
    const run = await runCli('generate', '--seed', '3');
    expect(parseScenarioText(run.stdout, 'stdout').events).toHaveLength(200);
  });

  it('prints the same text for the same seed, and other text for another seed', async () => {
    const first = await runCli('generate', '--seed', '11', '--events', '50');
    expect((await runCli('generate', '--seed', '11', '--events', '50')).stdout).toBe(first.stdout);
    expect((await runCli('generate', '--seed', '12', '--events', '50')).stdout).not.toBe(first.stdout);
  });

  it('puts one event per line', async () => {
    const run = await runCli('generate', '--seed', '5', '--events', '30');
    expect(run.stdout.split('\n').filter((line) => line.trimStart().startsWith('{ "op": '))).toHaveLength(30);
  });

  it('--out writes the file, prints nothing, and leaves no temporary file behind', async () => {
    const out = path.join(folder, 'random.json');
    const run = await runCli('generate', '--seed', '9', '--events', '40', '--out', out);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(generateScenario({ seed: 9, events: 40 }));
    expect(readdirSync(folder)).toEqual(['random.json']);
  });

  it('--out replaces an existing file whole', async () => {
    const out = path.join(folder, 'random.json');
    writeFileSync(out, 'x'.repeat(100_000));
    await runCli('generate', '--seed', '9', '--events', '2', '--out', out);
    expect(JSON.parse(readFileSync(out, 'utf8')).events).toHaveLength(2);
  });

  it('--out into a folder that does not exist: says so, exit 2, nothing written', async () => {
    const out = path.join(folder, 'missing', 'random.json');
    const run = await runCli('generate', '--seed', '1', '--out', out);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`vmlab: ${out}: cannot write the output there: its folder ${path.join(folder, 'missing')} does not exist\n`);
    expect(readdirSync(folder)).toEqual([]);
  });
});
