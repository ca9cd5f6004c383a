import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { syntheticResults } from '../grader/batch/test-support/synthetic-results';
import { vmlabRoot } from '../io/vmlab-root';
import { EXIT } from '../io/exit-codes';
import { runCli } from './test-support/run-cli';

/**
 * Every command, fed what a user can get wrong: each is refused with exit
 * status 2 (a usage error) and a message naming the path (and line, where
 * there is one), before any grading or simulation, and never as a bug in
 * vmlab (exit 70, with a stack trace).
 */
const WALK = path.join(vmlabRoot(), 'assignments', 'walk');
let scratch: string;
/** A path under scratch; the fixtures are made once, in beforeAll. */
const at = (...parts: string[]) => path.join(scratch, ...parts);

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-bad-input-'));
  chmodSync(scratch, 0o755); // the unwritable-folder test looks in here as another user
  writeFileSync(at('a-file'), 'not a folder\n');
  mkdirSync(at('empty'));
  mkdirSync(at('submission'));
  writeFileSync(at('bad.json'), '{\n  "name": \n');
  writeFileSync(at('empty-secret'), '\n');

  mkdirSync(at('no-fields'));
  writeFileSync(at('no-fields', 'assignment.json'), '{ "id": "x" }\n');
  mkdirSync(at('not-json'));
  writeFileSync(at('not-json', 'assignment.json'), '{ id: x }\n');

  mkdirSync(at('export', 'submission_1'), { recursive: true });
  writeFileSync(at('export', 'submission_metadata.yml'), "submission_1:\n  :submitters:\n  - :name: A\n    :sid: [unclosed\n");
  mkdirSync(at('odd-export', 'submission_1'), { recursive: true });
  mkdirSync(at('odd-export', 'submission_metadata.yml'));

  // One student's files where a class is wanted (at their handout path, or flat), and a class where one student is.
  mkdirSync(at('one-student', 'starter', 'src'), { recursive: true });
  writeFileSync(at('one-student', 'starter', 'src', 'walker.ts'), 'export {};\n');
  mkdirSync(at('flat-student'));
  writeFileSync(at('flat-student', 'walker.ts'), 'export {};\n');
  for (const student of ['ada', 'bruno']) {
    mkdirSync(at('a-class', student, 'starter', 'src'), { recursive: true });
    writeFileSync(at('a-class', student, 'starter', 'src', 'walker.ts'), 'export {};\n');
  }

  mkdirSync(at('chen'));
  const results = syntheticResults('chen', [{ id: 'walk.public.write-protect', passedCases: 1, totalCases: 2 }]);
  writeFileSync(at('chen', 'results.json'), JSON.stringify({ score: results.score, tests: [], extra_data: { vmlab: results } }));
  writeFileSync(at('chen.md'), 'Good work.\n\n## walk.public.write-protect\nfine\n\n## walk.nope\nwho?\n');
  writeFileSync(at('not-vmlab.json'), '{ "score": 3 }\n');
  const { title: _dropped, ...untitled } = results.tests[0];
  writeFileSync(at('edited.json'), JSON.stringify({ score: 0, tests: [], extra_data: { vmlab: { ...results, tests: [untitled] } } }));

  // An assignment whose goldens file is a folder: goldens cannot be written there.
  cpSync(WALK, at('walk-copy'), { recursive: true });
  rmSync(at('walk-copy', 'public', 'goldens.json'));
  mkdirSync(at('walk-copy', 'public', 'goldens.json'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Case = readonly [name: string, args: () => string[], code: number, fragment: () => string];

const UNDER_A_FILE = () => `${at('a-file')} is a file, so nothing can be written under it`;

const CASES: readonly Case[] = [
  // grade --submission
  ['grade: --out is a file', () => ['grade', '--assignment', WALK, '--submission', at('submission'), '--out', at('a-file')], 2, () => `${at('a-file')}: cannot write the output there: it is a file, and a folder is needed`],
  ['grade: --out under a file', () => ['grade', '--assignment', WALK, '--submission', at('submission'), '--out', at('a-file', 'out')], 2, UNDER_A_FILE],
  ['grade: --submission missing', () => ['grade', '--assignment', WALK, '--submission', at('nope'), '--out', at('fresh')], 2, () => `${at('nope')}: not a folder`],
  ['grade: --submission is a file', () => ['grade', '--assignment', WALK, '--submission', at('a-file'), '--out', at('fresh')], 2, () => `${at('a-file')}: not a folder`],
  ['grade: --assignment missing', () => ['grade', '--assignment', at('nope'), '--submission', at('submission'), '--out', at('fresh')], 2, () => `${at('nope', 'assignment.json')}: cannot read the assignment manifest: no such file`],
  ['grade: --assignment is a file', () => ['grade', '--assignment', at('a-file'), '--submission', at('submission'), '--out', at('fresh')], 2, () => `${at('a-file', 'assignment.json')}: cannot read the assignment manifest`],
  ['grade: a manifest that is not JSON', () => ['grade', '--assignment', at('not-json'), '--submission', at('submission'), '--out', at('fresh')], 2, () => `${at('not-json', 'assignment.json')}: not valid JSON`],
  ['grade: a manifest missing its fields', () => ['grade', '--assignment', at('no-fields'), '--submission', at('submission'), '--out', at('fresh')], 2, () => `${at('no-fields', 'assignment.json')}: (top level): missing field`],
  ['grade: --secret-file missing', () => ['grade', '--assignment', WALK, '--submission', at('submission'), '--out', at('fresh'), '--seed-from-id', '--secret-file', at('nope')], 2, () => `${at('nope')}: cannot read the secret: no such file`],
  ['grade: --secret-file is a folder', () => ['grade', '--assignment', WALK, '--submission', at('submission'), '--out', at('fresh'), '--seed-from-id', '--secret-file', at('empty')], 2, () => `${at('empty')}: cannot read the secret: it is a directory`],
  ['grade: --secret-file empty', () => ['grade', '--assignment', WALK, '--submission', at('submission'), '--out', at('fresh'), '--seed-from-id', '--secret-file', at('empty-secret')], 2, () => `${at('empty-secret')}: the secret is empty`],
  ['grade: --submission is a class', () => ['grade', '--assignment', WALK, '--submission', at('a-class'), '--out', at('fresh')], 2, () => `${at('a-class')}: looks like a class, not one submission: it holds none of the student files itself, but its folders ada, bruno each hold them; expected one student's folder holding starter/src/walker.ts or walker.ts at its top. To grade them all, use --submissions ${at('a-class')}`],
  ['grade: --seed not a number', () => ['grade', '--assignment', WALK, '--submission', at('submission'), '--out', at('fresh'), '--seed', '1e3'], 2, () => "option '--seed <n>' argument '1e3' is invalid"],
  // grade --submissions
  ['grade a class: --out is a file', () => ['grade', '--assignment', WALK, '--submissions', at('export'), '--out', at('a-file')], 2, () => `${at('a-file')}: cannot write the output there: it is a file`],
  ['grade a class: --out under a file', () => ['grade', '--assignment', WALK, '--submissions', at('export'), '--out', at('a-file', 'class')], 2, UNDER_A_FILE],
  ['grade a class: an empty submissions folder', () => ['grade', '--assignment', WALK, '--submissions', at('empty'), '--out', at('fresh')], 2, () => `${at('empty')}: no submissions: it is empty; expected one folder per student, named by the student id, each holding the student files (e.g. ${at('empty', 'alice', 'starter', 'src', 'walker.ts')}), the folder \`gh classroom clone student-repos\` writes (one <assignment>-<login> repository per student, the student files at their handout paths), or a Gradescope submissions export`],
  ['grade a class: --submissions is one student (handout paths)', () => ['grade', '--assignment', WALK, '--submissions', at('one-student'), '--out', at('fresh')], 2, () => `${at('one-student')}: looks like one student's submission, not a class: it holds starter/src/walker.ts itself; expected one folder per student`],
  ['grade a class: --submissions is one student (flat)', () => ['grade', '--assignment', WALK, '--submissions', at('flat-student'), '--out', at('fresh')], 2, () => `${at('flat-student')}: looks like one student's submission, not a class: it holds walker.ts itself; expected one folder per student, named by the student id, each holding the student files (e.g. ${at('flat-student', 'alice', 'starter', 'src', 'walker.ts')}), the folder \`gh classroom clone student-repos\` writes (one <assignment>-<login> repository per student, the student files at their handout paths), or a Gradescope submissions export (submission_metadata.yml beside one submission_NNN folder per submission). To grade this one submission, use --submission ${at('flat-student')}`],
  ['grade a class: --submissions is a file', () => ['grade', '--assignment', WALK, '--submissions', at('a-file'), '--out', at('fresh')], 2, () => `${at('a-file')}: cannot list the submissions`],
  ['grade a class: malformed submission_metadata.yml', () => ['grade', '--assignment', WALK, '--submissions', at('export'), '--out', at('fresh')], 2, () => `${at('export', 'submission_metadata.yml')}:5:1: not valid YAML`],
  ['grade a class: submission_metadata.yml is a folder', () => ['grade', '--assignment', WALK, '--submissions', at('odd-export'), '--out', at('fresh')], 2, () => `${at('odd-export', 'submission_metadata.yml')}: cannot read the Gradescope metadata: it is a directory`],
  ['grade a class: --jobs 0', () => ['grade', '--assignment', WALK, '--submissions', at('export'), '--out', at('fresh'), '--jobs', '0'], 2, () => "option '--jobs <n>' argument '0' is invalid"],
  // report
  ['report: an unknown test in the comments', () => ['report', '--results', at('chen', 'results.json'), '--comments', at('chen.md'), '--out', at('fresh.html')], 2, () => `${at('chen.md')}:6: ## walk.nope: no such test in the results`],
  ['report: --comments missing', () => ['report', '--results', at('chen', 'results.json'), '--comments', at('nope.md'), '--out', at('fresh.html')], 2, () => `${at('nope.md')}: cannot read the comments: no such file`],
  ['report: --results missing', () => ['report', '--results', at('nope.json'), '--out', at('fresh.html')], 2, () => `${at('nope.json')}: cannot read the results: no such file`],
  ['report: --results is a folder', () => ['report', '--results', at('chen'), '--out', at('fresh.html')], 2, () => `${at('chen')}: cannot read the results: it is a directory`],
  ['report: --results not JSON', () => ['report', '--results', at('bad.json'), '--out', at('fresh.html')], 2, () => `${at('bad.json')}: not JSON`],
  ['report: --results not written by vmlab', () => ['report', '--results', at('not-vmlab.json'), '--out', at('fresh.html')], 2, () => `${at('not-vmlab.json')}: not a results.json written by vmlab grade`],
  ['report: --results edited by hand (a test without a title)', () => ['report', '--results', at('edited.json'), '--out', at('fresh.html')], 2, () => `${at('edited.json')}: not a results.json written by vmlab grade (extra_data.vmlab.tests[0]: missing field "title")`],
  ['report: --out is a folder', () => ['report', '--results', at('chen', 'results.json'), '--out', at('empty')], 2, () => `${at('empty')}: cannot write the output there: it is a folder, and a file is needed`],
  ['report: --out under a file', () => ['report', '--results', at('chen', 'results.json'), '--out', at('a-file', 'r.html')], 2, UNDER_A_FILE],
  // generate
  ['generate: --out under a file', () => ['generate', '--seed', '1', '--out', at('a-file', 's.json')], 2, UNDER_A_FILE],
  ['generate: --out is a folder', () => ['generate', '--seed', '1', '--out', at('empty')], 2, () => `${at('empty')}: cannot write the output there: it is a folder`],
  ['generate: --out in a missing folder', () => ['generate', '--seed', '1', '--out', at('nope', 's.json')], 2, () => `its folder ${at('nope')} does not exist`],
  ['generate: --out is a device', () => ['generate', '--seed', '1', '--out', '/dev/null'], 2, () => '/dev/null: cannot write the output there: it is not a regular file'],
  ['generate: --events not a number', () => ['generate', '--seed', '1', '--events', 'many'], 2, () => "option '--events <n>' argument 'many' is invalid"],
  // gradescope
  ['gradescope: --out is a folder', () => ['gradescope', '--assignment', WALK, '--out', at('empty')], 2, () => `${at('empty')}: cannot write the output there: it is a folder`],
  ['gradescope: --out under a file', () => ['gradescope', '--assignment', WALK, '--out', at('a-file', 'a.zip')], 2, UNDER_A_FILE],
  ['gradescope: --assignment missing', () => ['gradescope', '--assignment', at('nope'), '--out', at('fresh.zip')], 2, () => `${at('nope', 'assignment.json')}: cannot read`],
  // handout
  ['handout: --out is a file', () => ['handout', '--assignment', WALK, '--out', at('a-file'), '--force'], 2, () => `${at('a-file')}: cannot write the output there: it is a file`],
  ['handout: --out under a file', () => ['handout', '--assignment', WALK, '--out', at('a-file', 'h')], 2, UNDER_A_FILE],
  ['handout: --key-out under a file', () => ['handout', '--assignment', WALK, '--out', at('fresh'), '--key-out', at('a-file', 'k')], 2, UNDER_A_FILE],
  ['handout: a manifest that is not JSON', () => ['handout', '--assignment', at('not-json'), '--out', at('fresh')], 2, () => `${at('not-json', 'assignment.json')}: not valid JSON`],
  // experiment
  ['experiment: --out is a file', () => ['experiment', 'tlb-miss', '--out', at('a-file')], 2, () => `${at('a-file')}: cannot write the output there: it is a file`],
  ['experiment: --out under a file', () => ['experiment', 'all', '--out', at('a-file', 'e')], 2, UNDER_A_FILE],
  ['experiment: an unknown workload', () => ['experiment', 'nope', '--out', at('fresh')], 2, () => 'unknown experiment "nope"'],
  ['experiment: --scale 0', () => ['experiment', 'all', '--out', at('fresh'), '--scale', '0'], 2, () => "option '--scale <fraction>' argument '0' is invalid"],
  // goldens, audit, simulate
  ['goldens: the goldens file is a folder', () => ['goldens', '--assignment', at('walk-copy')], 2, () => `${at('walk-copy', 'public', 'goldens.json')}: cannot write the output there: it is a folder`],
  ['goldens: --assignment missing', () => ['goldens', '--assignment', at('nope')], 2, () => `${at('nope', 'assignment.json')}: cannot read`],
  ['audit: a manifest missing its fields', () => ['audit', '--assignment', at('no-fields')], 2, () => `${at('no-fields', 'assignment.json')}: (top level): missing field`],
  ['simulate: --scenario missing', () => ['simulate', '--scenario', at('nope.json')], 2, () => `${at('nope.json')}: cannot read the scenario: no such file`],
  ['simulate: --scenario is a folder', () => ['simulate', '--scenario', at('empty')], 2, () => `${at('empty')}: cannot read the scenario: it is a directory`],
  ['simulate: --scenario not JSON', () => ['simulate', '--scenario', at('bad.json')], 2, () => `${at('bad.json')}: line 3, column 1: invalid JSON`],
];

describe('bad input is a usage error that says where, never a bug', () => {
  it.each(CASES)('%s', async (_name, args, code, fragment) => {
    const run = await runCli(...args());
    expect(run.stderr).toContain(fragment());
    expect(run.code).toBe(code);
    expect(run.code).not.toBe(EXIT.internal);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('wrote nothing where a refused command would have written', () => {
    for (const output of ['fresh', 'fresh.html', 'fresh.zip']) expect(existsSync(at(output))).toBe(false);
  });

  // Root ignores mode bits, so the folder is tried as an unprivileged user (seteuid keeps root as the saved
  // uid, so this process can become root again); as any other user, the mode bits alone keep it out.
  it('an output folder this user cannot write in, or an input file they cannot read, is refused with the path', async () => {
    const locked = at('locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const open = at('open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const secretComments = at('secret-comments.md');
    writeFileSync(secretComments, 'only for root\n', { mode: 0o000 });
    chmodSync(secretComments, 0o000);
    const asRoot = process.getuid?.() === 0;
    const runs: Array<Awaited<ReturnType<typeof runCli>>> = [];
    if (asRoot) process.seteuid!(65534);
    try {
      runs.push(await runCli('grade', '--assignment', WALK, '--submission', at('submission'), '--out', path.join(locked, 'out')));
      runs.push(await runCli('report', '--results', at('chen', 'results.json'), '--out', path.join(locked, 'r.html')));
      runs.push(await runCli('report', '--results', at('chen', 'results.json'), '--comments', secretComments, '--out', path.join(open, 'r.html')));
    } finally {
      if (asRoot) process.seteuid!(0);
    }
    const [grade, report, comments] = runs;
    for (const run of [grade, report]) expect(run.stderr).toContain(`cannot create a file in ${locked}: permission denied`);
    expect(comments.stderr).toContain(`${secretComments}: cannot read the comments: permission denied`);
    for (const run of runs) expect(run.code).toBe(2);
    expect(readdirSync(locked)).toEqual([]);
    expect(readdirSync(open)).toEqual([]);
  });
});
