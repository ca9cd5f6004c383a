import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parseRoster, readRoster } from './roster';
import { joinRoster } from './roster-join';

test('header spellings of each column are recognised without case; other columns are ignored', () => {
  const canvasLike = parseRoster('\ufeffStudent,SIS User ID,SIS Login ID,Section,ID,Notes\r\n"Lovelace, Ada",S001,ada@uni.edu,Lab A,ada,x\r\n', 'r.csv');
  expect(canvasLike.fields).toEqual(['name', 'sisId', 'sisLoginId', 'section']);
  expect(canvasLike.students).toEqual([{ id: 'ada', name: 'Lovelace, Ada', sisId: 'S001', sisLoginId: 'ada@uni.edu', section: 'Lab A' }]);

  const snake = parseRoster('student_id,full_name,E-mail,sis_id,SECTION\nbruno, Bruno ,bruno@uni.edu,S002,\n', 'r.csv');
  expect(snake.fields).toEqual(['name', 'email', 'sisId', 'section']);
  // Cells are trimmed; an empty cell is no value.
  expect(snake.students).toEqual([{ id: 'bruno', name: 'Bruno', email: 'bruno@uni.edu', sisId: 'S002' }]);

  const gradescope = parseRoster('First Name,SID,Email,Sections\nChen,chen,chen@uni.edu,L1\n', 'r.csv');
  expect(gradescope.students).toEqual([{ id: 'chen', email: 'chen@uni.edu', section: 'L1' }]);
  expect(parseRoster('login\ndana\n\n\nemeka\n', 'r.csv').students.map((student) => student.id)).toEqual(['dana', 'emeka']);
});

test('a malformed roster is refused with the file and line', () => {
  expect(() => parseRoster('name,email\nAda,ada@uni.edu\n', 'r.csv')).toThrow(/^r\.csv:1: the roster has no id column \(its header is "name", "email"; expected one of "id", "sid"/);
  expect(() => parseRoster('id,name\nada,Ada\nbob,Bob\nADA,Ada again\n', 'r.csv')).toThrow('r.csv:4: the id "ADA" is already on line 2; keep one row per student');
  expect(() => parseRoster('id,name\nada,Ada\n,Nobody\n', 'r.csv')).toThrow('r.csv:3: this row has no "id" (every student needs an id)');
  expect(() => parseRoster('id,name\nada,Ada\nbob,Bob,extra\n', 'r.csv')).toThrow(/^r\.csv:3: not a CSV roster: /);
  expect(() => parseRoster('id,name\nada,"Ada\n', 'r.csv')).toThrow(/^r\.csv:\d+: not a CSV roster: /);
  expect(() => parseRoster('ID,Student ID\n1,2\n', 'r.csv')).toThrow('r.csv:1: the columns "ID" and "Student ID" both name the student id; keep one');
  expect(() => parseRoster('Email,E-mail\n', 'r.csv')).toThrow('r.csv:1: the columns "Email" and "E-mail" both name the email; keep one');
  expect(() => parseRoster('\n\n', 'r.csv')).toThrow('r.csv: the roster is empty');
});

test('an unreadable roster is refused with its path', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-roster-test-'));
  try {
    expect(() => readRoster(path.join(scratch, 'none.csv'))).toThrow(`${path.join(scratch, 'none.csv')}: cannot read the roster: `);
    expect(() => readRoster(scratch)).toThrow(`${scratch}: cannot read the roster: `);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('joining a class: ids match without case; who is missing and who is not listed', () => {
  const roster = parseRoster('id,name\nAda,Ada L\nbob,Bob\ncy,Cy\n', 'r.csv');
  const join = joinRoster(roster, ['ada', 'zed', 'cy', 'amy']);
  expect(join.entryOf('ada')?.name).toBe('Ada L');
  expect(join.entryOf('zed')).toBeUndefined();
  expect(join.missing.map((entry) => entry.id)).toEqual(['bob']);
  expect(join.unknown).toEqual(['amy', 'zed']);
});
