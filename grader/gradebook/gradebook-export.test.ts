import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { writeStudentResults } from '../report/write-student-results';
import { gradebookExport } from './gradebook-export';
import { ClassGrades, readClassGrades } from './read-class-grades';
import { parseRoster } from './roster';
import { joinRoster } from './roster-join';
import { minimalResults } from './test-support/minimal-results';

/** The columns each LMS documents for its gradebook import (Canvas: the gradebook export/import columns; Moodle: the user fields its CSV import maps). */
const CANVAS_COLUMNS = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'];
const MOODLE_IDENTIFIERS = ['Email address', 'ID number'];

const GRADES: ClassGrades = {
  assignment: { id: 'walk', title: 'Page walk' },
  maxScore: 100,
  students: [
    { student: 'ada', score: 100 },
    { student: 'bruno', score: 72.123456 },
    { student: 'zed@uni.edu', score: 10 },
  ],
  ungradedFolders: [],
};
const ROSTER = parseRoster('id,name,email,SIS User ID,SIS Login ID,section\nada,"Lovelace, Ada",ada@uni.edu,S1,ada.l,A\nbruno,"=HYPERLINK(""x"")",bruno@uni.edu,S2,bruno.b,B\ncy,Cy,cy@uni.edu,S3,cy.c,A\n', 'roster.csv');
const JOIN = joinRoster(ROSTER, GRADES.students.map(({ student }) => student));
const rowsOf = (csv: string) => parse(csv, { columns: true }) as Array<Record<string, string>>;

test('canvas: the documented columns, then the assignment; students without a score left out', () => {
  const { csv, warnings } = gradebookExport('canvas', GRADES, 'Page walk (48213)', JOIN);
  expect(csv.split('\r\n')[0]).toBe([...CANVAS_COLUMNS, 'Page walk (48213)'].join(','));
  expect(rowsOf(csv)).toEqual([
    { Student: 'Lovelace, Ada', ID: '', 'SIS User ID': 'S1', 'SIS Login ID': 'ada.l', Section: 'A', 'Page walk (48213)': '100' },
    // A roster name that is a formula stays text.
    { Student: `'=HYPERLINK("x")`, ID: '', 'SIS User ID': 'S2', 'SIS Login ID': 'bruno.b', Section: 'B', 'Page walk (48213)': '72.1235' },
    { Student: 'zed@uni.edu', ID: '', 'SIS User ID': '', 'SIS Login ID': '', Section: '', 'Page walk (48213)': '10' },
  ]);
  expect(warnings).toEqual(['not in the roster roster.csv (no name, email or SIS id to match them by): zed@uni.edu', 'left out, no submission (their grade in the LMS is left as it is): cy']);
  expect(gradebookExport('canvas', GRADES, 'Page walk').warnings).toEqual(['no SIS User ID or SIS Login ID (give --roster with them): Canvas will match students by name']);
});

test('moodle: an email address or ID number on every row, then the grade column', () => {
  const { csv } = gradebookExport('moodle', GRADES, 'Page walk', JOIN);
  const [header] = csv.split('\r\n');
  expect(header.split(',').slice(0, 2)).toEqual(MOODLE_IDENTIFIERS);
  expect(header).toBe('Email address,ID number,Full name,Page walk');
  expect(rowsOf(csv)).toEqual([
    { 'Email address': 'ada@uni.edu', 'ID number': 'S1', 'Full name': 'Lovelace, Ada', 'Page walk': '100' },
    { 'Email address': 'bruno@uni.edu', 'ID number': 'S2', 'Full name': `'=HYPERLINK("x")`, 'Page walk': '72.1235' },
    // Not in the roster, but the id is an email address: Moodle can match it.
    { 'Email address': 'zed@uni.edu', 'ID number': '', 'Full name': '', 'Page walk': '10' },
  ]);
  for (const row of rowsOf(csv)) expect(MOODLE_IDENTIFIERS.some((column) => row[column] !== '')).toBe(true);
  expect(() => gradebookExport('moodle', GRADES, 'Page walk')).toThrow('Moodle matches students by email address or ID number, and these have neither: ada, bruno (give --roster with an email or SIS id column that lists them)');
});

test('csv: student, the roster columns, score and max; roster students without a submission keep a row', () => {
  const { csv } = gradebookExport('csv', { ...GRADES, ungradedFolders: ['eve'] }, 'ignored', JOIN);
  expect(csv).toBe(
    'student,name,email,sis_id,sis_login_id,section,score,max\r\n' +
      'ada,"Lovelace, Ada",ada@uni.edu,S1,ada.l,A,100,100\r\n' +
      `bruno,"'=HYPERLINK(""x"")",bruno@uni.edu,S2,bruno.b,B,72.1235,100\r\n` +
      'cy,Cy,cy@uni.edu,S3,cy.c,A,,100\r\n' +
      'zed@uni.edu,,,,,,10,100\r\n',
  );
  expect(gradebookExport('csv', GRADES, 'x').csv.split('\r\n')[0]).toBe('student,score,max');
  expect(gradebookExport('csv', { ...GRADES, ungradedFolders: ['eve'] }, 'x').warnings).toEqual(['left out, not graded: eve']);
});

test("a graded class folder: every student's results.json; folders without one listed; mixed or empty classes refused", async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-export-test-'));
  try {
    const results = minimalResults;
    await writeStudentResults(path.join(scratch, 'bob'), results('bob', 50), { afterDueDate: false });
    await writeStudentResults(path.join(scratch, 'al_ice'), results('al/ice', 75), { afterDueDate: false });
    mkdirSync(path.join(scratch, 'carol'));
    writeFileSync(path.join(scratch, 'grades.csv'), 'not a folder');
    expect(readClassGrades(scratch)).toEqual({
      assignment: { id: 'walk', title: 'Page walk' },
      maxScore: 100,
      students: [
        { student: 'al/ice', score: 75 },
        { student: 'bob', score: 50 },
      ],
      ungradedFolders: ['carol'],
    });
    await writeStudentResults(path.join(scratch, 'dan'), results('dan', 1, 'tlb'), { afterDueDate: false });
    expect(() => readClassGrades(scratch)).toThrow(`${scratch}: students of two assignments (al/ice: walk, dan: tlb); export one class at a time`);
    expect(() => readClassGrades(path.join(scratch, 'carol'))).toThrow(`${path.join(scratch, 'carol')}: no graded students`);
    expect(() => readClassGrades(path.join(scratch, 'nope'))).toThrow(`${path.join(scratch, 'nope')}: cannot list the graded class: `);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
