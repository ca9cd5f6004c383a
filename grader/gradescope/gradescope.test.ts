import { readFileSync } from 'fs';
import * as path from 'path';
import { vmlabRoot } from '../../io/vmlab-root';
import { autograderEntries } from './autograder-files';
import { runAutograder } from './test-support/run-autograder';
import { readZip } from './test-support/zip-reader';
import { writeZip } from './zip-writer';

const ROOT = vmlabRoot();

test('a zip reads back byte for byte, with its modes', () => {
  const entries = [
    { name: 'a.txt', content: Buffer.from('hello\n'), mode: 0o644 },
    { name: 'dir/run', content: Buffer.from('#!/bin/sh\necho ok\n'), mode: 0o755 },
    { name: 'empty', content: Buffer.alloc(0), mode: 0o644 },
    { name: 'big.bin', content: Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251)), mode: 0o644 },
  ];
  expect(readZip(writeZip(entries))).toEqual(entries);
});

test('the same inputs give the same archive', () => {
  const entries = [{ name: 'x', content: Buffer.from('x'), mode: 0o644 }];
  expect(writeZip(entries).equals(writeZip(entries))).toBe(true);
});

describe('the walk autograder', () => {
  const entries = autograderEntries(ROOT, path.join(ROOT, 'assignments', 'walk'));
  const names = entries.map((entry) => entry.name);

  test('holds the scripts, executable, the assignment with its hidden suites, and the sources', () => {
    expect(entries.find((entry) => entry.name === 'run_autograder')?.mode).toBe(0o755);
    expect(entries.find((entry) => entry.name === 'setup.sh')?.mode).toBe(0o755);
    expect(names).toEqual(expect.arrayContaining(['package-lock.json', 'bin/vmlab.js', 'assignments/walk/assignment.json', 'assignments/walk/hidden/permissions.json', 'grader/sandbox/sandbox-child.js', 'templates/student-report.hbs']));
  });

  test('leaves out tests, other assignments, node_modules and dist', () => {
    expect(names.filter((name) => /^(?!starter\/).*\.test\.ts$|test-support\/|node_modules\/|^dist\/|^assignments\/(shadow|nested)\//.test(name))).toEqual([]);
  });

  test('run_autograder, in a folder laid out like /autograder, grades a flat upload into results/results.json', () => {
    const upload = new Map([['walker.ts', readFileSync(path.join(ROOT, 'starter', 'src', 'walker.ts'), 'utf8')]]);
    // Gradescope's metadata, as its documentation gives it: the submission time reaches the results (for late work).
    const metadata = { created_at: '2018-07-01T14:22:32.365935-07:00', assignment: { due_date: '2018-07-31T23:00:00.000000-07:00', late_due_date: null }, users: [{ name: 'Ada', sid: 's123', email: 'ada@example.edu' }] };
    const run = runAutograder(ROOT, path.join(ROOT, 'assignments', 'walk'), upload, metadata);
    expect(run.buildOutput).toBe('');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const results = run.results as { score: number; tests: { output: string }[]; extra_data: { vmlab: { student: string; submittedAt?: string } } };
    expect(results.score).toBe(0);
    expect(results.tests.length).toBeGreaterThan(10);
    expect(results.extra_data.vmlab.student).toBe('s123');
    expect(results.extra_data.vmlab.submittedAt).toBe('2018-07-01T21:22:32.365Z');
    expect(results.tests[0].output).toMatch(/not implemented: walker/);
  });
});
