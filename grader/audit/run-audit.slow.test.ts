import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { SuiteDocument } from '../../assignments/framework/manifest-types';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { componentMutants, sampleEvenly } from './component-mutants';
import { AuditReport, runAudit } from './run-audit';
import { runMutants } from './run-mutants';
import { SuiteAuditReport } from './suite-audit';


const repoRoot = vmlabRoot();
const WALK = path.join(repoRoot, 'assignments', 'walk');
const SAMPLE = 12;

describe('sampling', () => {
  it('spreads the limit evenly and deterministically over the mutants', () => {
    expect(sampleEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
    expect(sampleEvenly([1, 2], 5)).toEqual([1, 2]);
    const all = componentMutants(repoRoot, ['walker']);
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    expect(componentMutants(repoRoot, ['walker']).map((m) => m.id)).toEqual(all.map((m) => m.id));
  });
});

describe('a sampled audit of the walk assignment', () => {
  let report: AuditReport;
  beforeAll(async () => {
    report = await runAudit({ repoRoot, assignment: loadAssignment(WALK), limit: SAMPLE, workers: 1 });
  });

  it('evaluates the sample and kills most of it', () => {
    expect(report.total).toBe(SAMPLE);
    expect(report.generated).toBeGreaterThan(SAMPLE);
    expect(report.killRate).toBeGreaterThan(0.5);
    expect(report.byComponent).toEqual([expect.objectContaining({ component: 'walker', total: SAMPLE, killed: report.killed })]);
    expect(report.byFile.reduce((sum, file) => sum + file.total, 0)).toBe(SAMPLE);
  });

  it('names the test that killed a mutant and the first divergent step', () => {
    const killedByTest = report.mutants.filter((m) => m.outcome.status === 'killed' && m.outcome.by === 'test');
    expect(killedByTest.length).toBeGreaterThan(0);
    for (const { outcome } of killedByTest) {
      expect(outcome).toEqual(expect.objectContaining({ test: expect.stringMatching(/^walk\./), where: expect.stringMatching(/\S/), caseIndex: expect.any(Number) }));
    }
  });
});

describe('a mutant that never returns', () => {
  it('is killed by timeout, and the mutants after it still run, in a fresh child', async () => {
    const file = 'reference/paging/reference-walker.ts';
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    const at = text.indexOf('walk(request, readEntry) {') + 'walk(request, readEntry) {'.length;
    expect(at).toBeGreaterThan(100);
    const edit = { kind: 'removed-statement' as const, component: 'walker' as const, file, line: 1, column: 1, before: '', after: '' };
    const outcomes = await runMutants({
      repoRoot,
      assignmentDir: WALK,
      mutants: [
        { ...edit, id: 'hangs', start: at, end: at, replacement: ' for (;;) {} ' },
        { ...edit, id: 'unchanged', start: at, end: at, replacement: '' },
      ],
      workers: 1,
      mutantSeconds: 2,
    });
    expect(outcomes).toEqual([expect.objectContaining({ status: 'killed', by: 'timeout' }), { status: 'survived' }]);
  });
});

describe('a deliberately weak suite', () => {
  let dir: string;
  beforeAll(() => {
    // The walk assignment cut down to its first public test: one 4 KiB read.
    dir = mkdtempSync(path.join(os.tmpdir(), 'vmlab-weak-assignment-'));
    const publicSuite = JSON.parse(readFileSync(path.join(WALK, 'public', 'suite.json'), 'utf8')) as SuiteDocument;
    const only = publicSuite.tests[0];
    const manifest = JSON.parse(readFileSync(path.join(WALK, 'assignment.json'), 'utf8')) as Record<string, unknown>;
    const weak: Record<string, unknown> = {
      ...manifest,
      id: 'walk-weak',
      parts: [{ id: only.part, title: 'The one test', points: only.points }],
      // The rules the one test names (the others belong to parts this manifest leaves out).
      ...(Array.isArray(manifest.rules) ? { rules: (manifest.rules as Array<{ id: string }>).filter((rule) => (only.rules ?? []).includes(rule.id)) } : {}),
      suites: [{ name: 'public', file: 'public/suite.json', visibility: 'visible' }],
    };
    delete weak.$schema; // the schema path is relative to the real assignments folder
    mkdirSync(path.join(dir, 'public'));
    writeFileSync(path.join(dir, 'spec.md'), readFileSync(path.join(WALK, 'spec.md'))); // the rules, if any, cite its headings
    writeFileSync(path.join(dir, 'assignment.json'), JSON.stringify(weak));
    writeFileSync(path.join(dir, 'public', 'suite.json'), JSON.stringify({ suite: 'public', tests: [only] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lets mutants survive, and the text report lists each with its diff', async () => {
    const run = await runCli('audit', '--assignment', dir, '--limit', String(SAMPLE), '--jobs', '1');
    // A missed target is the audit's finding, not a failure to run: exit 1, and nothing on stderr.
    expect(run).toEqual(expect.objectContaining({ code: 1, stderr: '' }));
    expect(run.stdout).toContain(`Mutation audit of walk-weak: `);
    expect(run.stdout).toMatch(/Target 95% NOT met/);
    const survivors = run.stdout.match(/^ {2}reference\/paging\/\S+:\d+:\d+ {2}[a-z-]+\n {4}- .*\n {4}\+ .*$/gm) ?? [];
    // One 4 KiB read leaves most of the walk untested: a good share of any sample survives.
    expect(survivors.length).toBeGreaterThan(SAMPLE / 4);
    expect(run.stdout).toContain(`Surviving mutants (${survivors.length};`);
  });

  it('carries every mutant and its outcome in --json', async () => {
    const run = await runCli('audit', '--assignment', dir, '--limit', '3', '--jobs', '1', '--json');
    const { mutation } = JSON.parse(run.stdout) as SuiteAuditReport;
    const report = mutation!;
    expect(report.mutants).toHaveLength(3);
    expect(report.mutants.filter((m) => m.outcome.status === 'survived').every((m) => m.before !== m.after)).toBe(true);
  });
});
