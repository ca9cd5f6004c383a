import { Command } from 'commander';
import { FENCES, HostFences, probeHostFences } from '../../grader/sandbox/fences';
import { runCli } from '../test-support/run-cli';
import { registerDoctor } from './doctor';

jest.setTimeout(60_000);

const ALL = FENCES.map((fence) => fence.name);

/** `vmlab doctor ARGS` against a host that gives `present` only. */
async function doctorOn(present: HostFences['present'], ...args: string[]): Promise<{ code: number; stdout: string }> {
  const missing = ALL.filter((name) => !present.includes(name));
  const host: HostFences = { present, missing, notes: new Map(missing.map((name) => [name, `no ${name} here`])), wrapper: [], dropTo: undefined };
  let stdout = '';
  let code = 0;
  const program = new Command().exitOverride();
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } };
  registerDoctor(program, io, (status) => (code = status), () => host);
  await program.parseAsync(['node', 'vmlab', 'doctor', ...args]);
  return { code, stdout };
}

describe('vmlab doctor', () => {
  it('lists every fence with what it protects against; exit 0 when all are there', async () => {
    const run = await doctorOn(ALL);
    expect(run.code).toBe(0);
    for (const fence of FENCES) expect(run.stdout).toMatch(new RegExp(`^ok +${fence.name} +${fence.protects.slice(0, 20).replace(/[().]/g, '\\$&')}`, 'm'));
    expect(run.stdout).toContain(`All ${FENCES.length} fences are there.`);
  });

  it('says which are missing and why; exit 1', async () => {
    const run = await doctorOn(['permission-model', 'own-session']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^MISSING +pid-namespace +a PID namespace/m);
    expect(run.stdout).toMatch(/why missing: no pid-namespace here/);
    expect(run.stdout).toContain(`${FENCES.length - 2} of ${FENCES.length} fences missing`);
  });

  it('--json gives the same for machines', async () => {
    const run = await doctorOn(['permission-model'], '--json');
    const report = JSON.parse(run.stdout) as { fences: { name: string; present: boolean; protects: string; note?: string }[]; missing: string[] };
    expect(run.code).toBe(1);
    expect(report.fences.map((fence) => fence.name)).toEqual(ALL);
    expect(report.fences[0]).toEqual({ name: 'permission-model', present: true, protects: FENCES[0]!.protects });
    expect(report.fences[1]).toEqual({ name: 'user-namespace', present: false, protects: FENCES[1]!.protects, note: 'no user-namespace here' });
    expect(report.missing).toEqual(ALL.slice(1));
  });

  it('runs from the command line on this machine, its exit status saying whether a fence is missing', async () => {
    const run = await runCli('doctor', '--json');
    const host = probeHostFences();
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).missing).toEqual(host.missing);
    expect(run.code).toBe(host.missing.length === 0 ? 0 : 1);
  });

  it('is listed in vmlab --help', async () => {
    expect((await runCli('--help')).stdout).toMatch(/doctor \[options\] +say which of the grading sandbox's fences/);
  });
});
