import { VmlabError } from '../../reference/errors';
import { safeFolderName } from './find-submissions';
import { forEachConcurrently } from './for-each-concurrently';
import { gradescopeSubmissions, submittersFromMetadata } from './gradescope-metadata';
import { gradesCsv } from './grades-csv';
import { csvTable } from '../gradebook/csv-table';
import { studentSeedFromId } from './student-seed-from-id';
import { SubmissionResults } from '../results/submission-results';

test('Gradescope metadata: every submitter of a submission, by sid, else email, first submitter first', () => {
  const yaml = [
    '---',
    'submission_111:',
    '  :submitters:',
    '  - :name: Alice',
    "    :sid: '1001'",
    '    :email: alice@example.edu',
    '  - :name: Bob (same group)',
    '    :sid: 001002 # unquoted, with leading zeros',
    '  :created_at: 2024-01-01 00:00:00.000000000 -08:00',
    '  :score: 10.0',
    ':submission_222:',
    '  :submitters:',
    '  - :name: "Carol"',
    "    :sid: ''",
    '    :email: carol@example.edu',
    '  - :name: Nobody (neither sid nor email)',
    'submission_333:',
    '  :created_at: 2024-01-01',
  ].join('\n');
  expect([...submittersFromMetadata(yaml, 'm.yml')]).toEqual([
    ['submission_111', ['1001', '001002']],
    ['submission_222', ['carol@example.edu']],
  ]);
});

test('Gradescope metadata that is not YAML, or not a mapping of submissions, is refused with file and line', () => {
  const unclosed = () => submittersFromMetadata("submission_1:\n  :submitters:\n  - :sid: [unclosed\n", 'export/submission_metadata.yml');
  expect(unclosed).toThrow(VmlabError);
  expect(unclosed).toThrow(/^export\/submission_metadata\.yml:4:1: not valid YAML: /);
  expect(() => submittersFromMetadata('- just\n- a list\n', 'm.yml')).toThrow('m.yml: not Gradescope submission metadata');
  expect(submittersFromMetadata('', 'm.yml').size).toBe(0);
});

test('CSV cells: RFC 4180 quoting, and formulas defused with a leading quote', () => {
  const cell = (text: string) => csvTable([text], []).slice(0, -2);
  expect(cell('alice')).toBe('alice');
  expect(cell('a,b')).toBe('"a,b"');
  expect(cell('say "hi"')).toBe('"say ""hi"""');
  expect(cell('line\nbreak')).toBe('"line\nbreak"');
  expect(cell('carriage\rreturn')).toBe('"carriage\rreturn"');
  for (const formula of ['=cmd', '+1', '-1', '@SUM(A1)', '\tx']) expect(cell(formula)).toBe(`'${formula}`);
  expect(cell('=HYPERLINK("x",1)')).toBe(`"'=HYPERLINK(""x"",1)"`);
  expect(csvTable(['a', 'b'], [[-1.234567, undefined]])).toBe('a,b\r\n-1.2346,\r\n');
});

test('grades.csv: header, one row per student by id, part scores by manifest order', () => {
  const results = (student: string, score: number, parts: Array<[string, number]>) =>
    ({ student, score, maxScore: 10, parts: parts.map(([id, partScore]) => ({ id, title: id, score: partScore, points: 5 })) }) as unknown as SubmissionResults;
  const csv = gradesCsv(['a', 'b'], [results('zed', 7.123456, [['b', 2], ['a', 5.123456]]), results('=x', 0, [['a', 0]])]);
  expect(csv).toBe("student,score,max,a,b\r\n'=x,0,10,0,\r\nzed,7.1235,10,5.1235,2\r\n");
});

test('grades.csv: a student who could not be graded keeps a row, in id order, with empty scores', () => {
  const graded = { student: 'bob', score: 4, maxScore: 10, parts: [{ id: 'a', title: 'a', score: 4, points: 5 }] } as unknown as SubmissionResults;
  const csv = gradesCsv(['a', 'b'], [graded], { students: ['carol', 'al,ice'], maxScore: 10 });
  expect(csv).toBe('student,score,max,a,b\r\n"al,ice",,10,,\r\nbob,4,10,4,\r\ncarol,,10,,\r\n');
});

test('seeds from ids: deterministic, keyed, different per student, 32-bit', () => {
  const alice = studentSeedFromId('alice', 'secret');
  expect(studentSeedFromId('alice', 'secret')).toBe(alice);
  expect(studentSeedFromId('bob', 'secret')).not.toBe(alice);
  expect(studentSeedFromId('alice', 'other secret')).not.toBe(alice);
  expect(Number.isInteger(alice) && alice >= 0 && alice <= 0xffff_ffff).toBe(true);
});

test('student ids become one safe folder name', () => {
  expect(safeFolderName('alice')).toBe('alice');
  expect(safeFolderName('=cmd')).toBe('=cmd');
  expect(safeFolderName('../etc/passwd')).toBe('_.._etc_passwd');
  expect(safeFolderName('..')).toBe('_..');
  expect(safeFolderName('')).toBe('_');
  expect(safeFolderName('a\nb')).toBe('a_b');
  // OUT/staff/ is the staff pages' folder: a student of that id never shares it.
  expect(safeFolderName('staff')).toBe('_staff');
  expect(safeFolderName('Staff')).toBe('_Staff');
  expect(safeFolderName('staffer')).toBe('staffer');
});

test('the pool never runs more than `jobs` at once and runs everything once', async () => {
  let running = 0;
  let most = 0;
  const seen: number[] = [];
  await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, 5 * (item % 3)));
    seen.push(item);
    running -= 1;
  });
  expect(most).toBe(3);
  expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

test("Gradescope metadata: each submission's :created_at: becomes submittedAt, an instant in UTC; a time that is not one is refused with file and submission", () => {
  const yaml = (created: string) => `submission_1:\n  :submitters:\n  - :sid: 'a'\n  - :sid: 'b'\n  :created_at: ${created}\nsubmission_2:\n  :submitters:\n  - :sid: 'c'\n`;
  expect([...gradescopeSubmissions(yaml('2024-01-31 23:59:30.123456789 -08:00'), 'm.yml')]).toEqual([
    ['submission_1', { submitters: ['a', 'b'], submittedAt: '2024-02-01T07:59:30.123Z' }],
    ['submission_2', { submitters: ['c'] }],
  ]);
  expect(gradescopeSubmissions(yaml('2024-01-31T23:59:30Z'), 'm.yml').get('submission_1')?.submittedAt).toBe('2024-01-31T23:59:30.000Z');
  for (const bad of ['2024-01-31', '2024-01-31 23:59:30', 'yesterday', '2024-02-30 10:00:00 +00:00', '[1, 2]']) {
    expect(() => gradescopeSubmissions(yaml(bad), 'export/m.yml')).toThrow(/^export\/m\.yml: submission_1: :created_at: .* is not a time with its zone/);
  }
});
