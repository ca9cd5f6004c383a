import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { syntheticResults } from '../batch/test-support/synthetic-results';
import { gradesCsv } from '../batch/grades-csv';
import { applyLateWork } from './apply-late-work';
import { formatInstant, parseDateTime } from './date-time';
import { describeDuration, parseDuration } from './durations';
import { Extension, mostGenerous } from './extension';
import { parseExtensions } from './extensions-file';
import { gradescopeSubmissionTimes } from './gradescope-submission-metadata';
import { lateness } from './lateness';
import { parseLatePolicy } from './late-policy';
import { readLateWork, storeLateWork } from './late-work-file';
import { lateRuleText, lateStatusText } from './late-text';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Due 2024-03-01 23:59 in New York (UTC-05:00) = 2024-03-02T04:59:00Z.
const DUE = Date.parse('2024-03-02T04:59:00Z');
const policy = parseLatePolicy({ due: '2024-03-01T23:59', timeZone: 'America/New_York', penalty: '10%/day', cap: '50%', grace: '15m', closes: '2024-03-08T23:59:00-05:00' }, 'test');
const at = (ms: number) => new Date(ms).toISOString();

describe('the late policy arithmetic (score 8, 10% of it per started day, cap 50%, grace 15 minutes, closes 7 days after)', () => {
  test.each([
    ['at the due date', DUE, 'on-time', 0, 8],
    ['a second before it', DUE - 1000, 'on-time', 0, 8],
    ['at the end of the grace period', DUE + 15 * 60_000, 'grace', 0, 8],
    ['one second past the grace period: the first day counts from the due date', DUE + 15 * 60_000 + 1000, 'late', 1, 7.2],
    ['exactly one day late', DUE + DAY, 'late', 1, 7.2],
    ['a day and a second: the second day started', DUE + DAY + 1000, 'late', 2, 6.4],
    ['5 days late: exactly the cap', DUE + 5 * DAY, 'late', 5, 4],
    ['6 days late: held at the cap', DUE + 6 * DAY, 'late', 6, 4],
    ['at the last moment', DUE + 7 * DAY, 'late', 7, 4],
    ['a second after the last moment: nothing', DUE + 7 * DAY + 1000, 'closed', 8, 0],
  ])('%s', (_name, submitted, status, units, after) => {
    const result = lateness(8, 10, at(submitted), { policy });
    expect([result.status, result.units, result.after]).toEqual([status, units, after]);
    expect(result.penalty).toBeCloseTo(8 - after, 9);
  });

  test('the cap is said; an unknown time is not penalised', () => {
    expect(lateness(8, 10, at(DUE + 6 * DAY), { policy }).capped).toBe(true);
    expect(lateness(8, 10, at(DUE + 5 * DAY), { policy }).capped).toBe(false);
    expect(lateness(8, 10, undefined, { policy })).toEqual(expect.objectContaining({ status: 'unknown', penalty: 0, after: 8 }));
    expect(lateStatusText(lateness(8, 10, undefined, { policy }))).toBe('submission time unknown');
    expect(lateStatusText(lateness(8, 10, at(DUE + DAY + 2 * HOUR), { policy }))).toBe('late by 1 day 2 hours');
  });

  test('points per started hour, never below 0, no cap', () => {
    const hourly = parseLatePolicy({ due: '2024-03-02T04:59:00Z', penalty: '2 points/hour' }, 'test');
    expect(lateness(8, 10, at(DUE + 2 * HOUR + 1000), { policy: hourly })).toEqual(expect.objectContaining({ units: 3, penalty: 6, after: 2 }));
    expect(lateness(8, 10, at(DUE + 5 * HOUR), { policy: hourly })).toEqual(expect.objectContaining({ units: 5, penalty: 8, after: 0, capped: false }));
    expect(lateness(8, 10, at(DUE + 1), { policy: hourly })).toEqual(expect.objectContaining({ status: 'late', units: 1, after: 6 }));
  });

  test('a share of the maximum, as LMS gradebooks deduct: the same points off whatever the score, held at the cap and at 0', () => {
    const ofMax = parseLatePolicy({ due: '2024-03-02T04:59:00Z', penalty: '10% of max/day', cap: '30% of max' }, 'test');
    // 8 of 10, 2 started days: 2 x 10% of 10 = 2 points (a share of the score would take 1.6).
    expect(lateness(8, 10, at(DUE + DAY + 1000), { policy: ofMax })).toEqual(expect.objectContaining({ units: 2, penalty: 2, after: 6 }));
    // 5 days: 5 points wanted, held at 30% of 10 = 3.
    expect(lateness(8, 10, at(DUE + 5 * DAY), { policy: ofMax })).toEqual(expect.objectContaining({ penalty: 3, after: 5, capped: true }));
    // 1 of 10, 2 days: 2 points wanted, only 1 to take.
    expect(lateness(1, 10, at(DUE + 2 * DAY), { policy: ofMax })).toEqual(expect.objectContaining({ penalty: 1, after: 0 }));
    expect(lateRuleText(ofMax)).toBe('10% of the maximum per day late (each started day counts), at most 30% of the maximum');
    expect(ofMax.settings).toEqual(expect.objectContaining({ penalty: '10% of max/day', cap: '30% of max' }));
    expect(() => parseLatePolicy({ due: '2024-03-02T04:59:00Z', penalty: '110% of max/day' }, 'test')).toThrow(/110% is more than the whole score/);
  });

  test('an extension moves the due date and the last moment; it never moves them earlier', () => {
    const twoDays: Extension = { student: 'ada', change: { kind: 'extra', ms: 2 * DAY }, reason: 'ill' };
    expect(lateness(8, 10, at(DUE + DAY), { policy, extension: twoDays }).status).toBe('on-time');
    // 7 days and a second after the first due date is 5 days and a second after the extended one: 6 days, held at the cap.
    expect(lateness(8, 10, at(DUE + 7 * DAY + 1000), { policy, extension: twoDays })).toEqual(expect.objectContaining({ status: 'late', units: 6, after: 4 }));
    const earlier: Extension = { student: 'ada', change: { kind: 'due', dueMs: DUE - DAY }, reason: 'typo' };
    expect(lateness(8, 10, at(DUE), { policy, extension: earlier }).status).toBe('on-time');
  });

  test("a group gets its members' most generous extension, and only the total moves", () => {
    const extensions: Extension[] = [
      { student: 'ada', change: { kind: 'extra', ms: DAY }, reason: 'one day' },
      { student: 'bo', change: { kind: 'due', dueMs: DUE + 3 * DAY }, reason: 'three days' },
      { student: 'cy', change: { kind: 'extra', ms: 9 * DAY }, reason: 'not in the group' },
    ];
    expect(mostGenerous(policy, ['ada', 'bo'], extensions)?.reason).toBe('three days');
    const results = { ...syntheticResults('ada', [{ id: 't1', part: 'translation', points: 8, passedCases: 4, totalCases: 4 }]), submittedAt: at(DUE + 4 * DAY), group: ['ada', 'bo'] };
    const applied = applyLateWork(results, { policy, extensions });
    expect(applied.late?.terms.extension?.reason).toBe('three days');
    expect([applied.results.score, applied.results.tests[0].score, applied.results.parts[0].score]).toEqual([7.2, 8, 8]);
  });
});

describe('date-times', () => {
  test.each([
    ['2024-03-01T23:59:00-05:00', undefined, '2024-03-02T04:59:00.000Z'],
    ['2024-03-01 23:59Z', undefined, '2024-03-01T23:59:00.000Z'],
    ['2024-01-15T23:59', 'America/New_York', '2024-01-16T04:59:00.000Z'],
    ['2024-07-15T23:59', 'America/New_York', '2024-07-16T03:59:00.000Z'],
    ['2024-03-10T03:00', 'America/New_York', '2024-03-10T07:00:00.000Z'],
    ['2024-10-27T12:00', 'Europe/Paris', '2024-10-27T11:00:00.000Z'],
  ])('%s in %s is %s', (text, zone, instant) => {
    expect(new Date(parseDateTime(text, zone, 'due')).toISOString()).toBe(instant);
  });

  test('an ambiguous, impossible or repeated time is refused, saying where and why', () => {
    expect(() => parseDateTime('2024-03-01T23:59', undefined, '--due')).toThrow(/^--due: "2024-03-01T23:59" has no time zone, so it is ambiguous/);
    expect(() => parseDateTime('2024-03-01', undefined, '--due')).toThrow(/a date alone is ambiguous/);
    expect(() => parseDateTime('2024-02-30T10:00Z', undefined, '--due')).toThrow(/is not a date that exists/);
    expect(() => parseDateTime('2024-03-10T02:30', 'America/New_York', '--due')).toThrow(/does not happen in America\/New_York/);
    expect(() => parseDateTime('2024-11-03T01:30', 'America/New_York', '--due')).toThrow(/happens twice in America\/New_York/);
    expect(() => parseDateTime('2024-03-01T23:59', 'Mars/Olympus', '--due')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  test('a day late across the spring-forward change is 23 hours: one started day', () => {
    const dst = parseLatePolicy({ due: '2024-03-09T23:59', timeZone: 'America/New_York', penalty: '10%/day' }, 'test');
    const submitted = parseDateTime('2024-03-10T23:59', 'America/New_York', 'submitted');
    expect(lateness(10, 10, at(submitted), { policy: dst })).toEqual(expect.objectContaining({ lateMs: 23 * HOUR, units: 1, after: 9 }));
  });

  test('shown in the zone with its offset, else in UTC', () => {
    expect(formatInstant(DUE, 'America/New_York')).toBe('2024-03-01 23:59:00 America/New_York (UTC-05:00)');
    expect(formatInstant(DUE)).toBe('2024-03-02 04:59:00 UTC');
  });
});

describe('policy and duration texts', () => {
  test('durations', () => {
    expect(['15m', '1h30m', '2 days', '90 seconds', '0', '1.5h'].map(parseDuration)).toEqual([15 * 60_000, 90 * 60_000, 2 * DAY, 90_000, 0, 1.5 * HOUR]);
    expect(['', '15', 'm', '1 fortnight', '-1h'].map(parseDuration)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(describeDuration(DAY + 2 * HOUR + 5 * 60_000)).toBe('1 day 2 hours 5 minutes');
  });

  test('a bad field is refused, naming it', () => {
    const base = { due: '2024-03-01T23:59Z', penalty: '10%/day' };
    expect(() => parseLatePolicy({ ...base, penalty: '10%' }, 'assignment.json: late')).toThrow(/^assignment.json: late: penalty: "10%" is not a penalty/);
    expect(() => parseLatePolicy({ ...base, penalty: '120%/day' }, 'x')).toThrow(/x: penalty: 120% is more than the whole score/);
    expect(() => parseLatePolicy({ ...base, cap: 'half' }, 'x')).toThrow(/x: cap: "half" is not an amount/);
    expect(() => parseLatePolicy({ ...base, grace: 'soon' }, 'x')).toThrow(/x: grace: "soon" is not a duration/);
    expect(() => parseLatePolicy({ ...base, closes: '2024-03-01T23:00Z' }, 'x')).toThrow(/x: closes: .* is not after the due date/);
    expect(() => parseLatePolicy({ ...base, due: '2024-03-01T23:59' }, 'x')).toThrow(/x: due: .* ambiguous/);
  });

  test('kept and read back as instants, with the zone to show them in', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vmlab-late-'));
    try {
      const extensions: Extension[] = [{ student: 'ada', change: { kind: 'extra', ms: 36 * HOUR }, reason: 'ill' }, { student: 'bo', change: { kind: 'due', dueMs: DUE + DAY }, reason: 'travel' }];
      await storeLateWork(dir, { policy, extensions });
      const read = readLateWork(dir)!;
      expect(read.policy.settings).toEqual({ due: '2024-03-02T04:59:00.000Z', timeZone: 'America/New_York', penalty: '10%/day', cap: '50%', grace: '15m', closes: '2024-03-09T04:59:00.000Z' });
      expect([read.policy.dueMs, read.policy.graceMs, read.policy.closesMs]).toEqual([policy.dueMs, policy.graceMs, policy.closesMs]);
      expect(read.extensions).toEqual(extensions);
      await storeLateWork(dir, undefined);
      expect(readLateWork(dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an extensions file', () => {
  test('reads the columns by name, a new due date in the zone given or extra time', () => {
    const rows = parseExtensions('Reason,student,extra,due\n"ill, with a note",ada,2d,\n\ntravel,bo,,2024-03-03T23:59\n', 'ext.csv', 'America/New_York');
    expect(rows).toEqual([
      { where: 'ext.csv:2', student: 'ada', reason: 'ill, with a note', change: { kind: 'extra', ms: 2 * DAY } },
      { where: 'ext.csv:4', student: 'bo', reason: 'travel', change: { kind: 'due', dueMs: Date.parse('2024-03-04T04:59:00Z') } },
    ]);
  });

  test('refuses a bad row with file and line', () => {
    const header = 'student,due,extra,reason\n';
    expect(() => parseExtensions('student,reason\n', 'e.csv', undefined)).toThrow('e.csv:1: no due or extra column');
    expect(() => parseExtensions(`${header}ada,,,ill\n`, 'e.csv', undefined)).toThrow('e.csv:2: give exactly one of due');
    expect(() => parseExtensions(`${header}ada,2024-03-03T23:59Z,1d,ill\n`, 'e.csv', undefined)).toThrow('e.csv:2: give exactly one of due');
    expect(() => parseExtensions(`${header}ada,,1d,\n`, 'e.csv', undefined)).toThrow('e.csv:2: no reason');
    expect(() => parseExtensions(`${header}ada,,soon,ill\n`, 'e.csv', undefined)).toThrow('e.csv:2: extra "soon" is not a duration');
    expect(() => parseExtensions(`${header}ada,2024-03-03T23:59,,ill\n`, 'e.csv', undefined)).toThrow(/^e\.csv:2: due: .* ambiguous/);
    expect(() => parseExtensions(`${header}ada,,1d,ill\nada,,2d,again\n`, 'e.csv', undefined)).toThrow('e.csv:3: "ada" already has an extension at e.csv:2');
    expect(() => parseExtensions(`${header}ada,,1d\n`, 'e.csv', undefined)).toThrow('e.csv:2: 3 fields where the header has 4');
    expect(() => parseExtensions(`${header}ada,,"1d,ill\n`, 'e.csv', undefined)).toThrow(/^e\.csv:\d+: not CSV/);
  });
});

describe("Gradescope's submission_metadata.json", () => {
  const metadata = {
    id: 123456,
    created_at: '2024-03-02T10:22:32.365935-05:00',
    assignment: { due_date: '2024-03-01T23:59:00.000000-05:00', late_due_date: null, title: 'Walk' },
    users: [
      { email: 'ada@example.edu', name: 'Ada', sid: 's1', assignment: { due_date: '2024-03-01T23:59:00.000000-05:00', late_due_date: null } },
      { email: 'bo@example.edu', name: 'Bo', sid: '', assignment: { due_date: '2024-03-03T23:59:00.000000-05:00', late_due_date: null } },
    ],
  };

  test('gives the submission time, the due date, the submitters, and the extension the group was granted', () => {
    const times = gradescopeSubmissionTimes(metadata, 'm.json');
    expect(times.submittedAt).toBe('2024-03-02T15:22:32.365Z');
    expect(times.dueAt).toBe('2024-03-02T04:59:00.000Z');
    expect(times.students).toEqual(['s1', 'bo@example.edu']);
    expect(times.extension).toEqual({ student: 's1', change: { kind: 'extra', ms: 2 * DAY }, reason: 'extension granted on Gradescope' });
  });

  test('no extension when nobody has a later due date; a missing time is none; a bad one is refused', () => {
    expect(gradescopeSubmissionTimes({ ...metadata, users: [metadata.users[0]] }, 'm.json').extension).toBeUndefined();
    expect(gradescopeSubmissionTimes({ users: [] }, 'm.json')).toEqual({ students: [] });
    expect(() => gradescopeSubmissionTimes({ ...metadata, created_at: 'yesterday' }, 'm.json')).toThrow('m.json: created_at: "yesterday" is not a time with its zone');
    expect(() => gradescopeSubmissionTimes([], 'm.json')).toThrow(/not Gradescope's submission metadata/);
  });
});

test('grades.csv keeps the raw score and the lateness (two started days) beside the final score; an unknown time is flagged', () => {
  const late = lateness(8, 10, at(DUE + DAY + 2 * HOUR), { policy });
  const unknown = lateness(5, 10, undefined, { policy });
  const ada = { ...syntheticResults('ada', [{ id: 't1', part: 'translation', points: 8, passedCases: 4, totalCases: 4 }]), score: 6.4 };
  const bo = { ...syntheticResults('bo', [{ id: 't1', part: 'translation', points: 8, passedCases: 5, totalCases: 8 }]) };
  const csv = gradesCsv(['translation'], [ada, bo], undefined, undefined, new Map([['ada', 8], ['bo', 5]]), new Map([['ada', late], ['bo', unknown]]));
  expect(csv.split('\r\n')).toEqual([
    'student,score,max,raw_score,submitted_at,late,late_hours,late_penalty,translation',
    'ada,6.4,10,8,2024-03-03T06:59:00.000Z,late by 1 day 2 hours,26,1.6,8',
    'bo,5,10,5,,submission time unknown,,0,5',
    '',
  ]);
});
