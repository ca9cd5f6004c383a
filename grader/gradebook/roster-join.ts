import { Roster, RosterStudent, rosterKey } from './roster';

/** A class's student ids against its roster. */
export interface RosterJoin {
  readonly roster: Roster;
  /** The roster's row of a student id, matched without case; undefined when the roster does not list them. */
  readonly entryOf: (student: string) => RosterStudent | undefined;
  /** Students the roster lists with no submission in the class, in the roster's order. */
  readonly missing: readonly RosterStudent[];
  /** Ids with a submission that the roster does not list, sorted. */
  readonly unknown: readonly string[];
}

/** Join the ids of a class (every member of every submission, group partners included) to the roster. */
export function joinRoster(roster: Roster, students: readonly string[]): RosterJoin {
  const byKey = new Map(roster.students.map((entry) => [rosterKey(entry.id), entry]));
  const present = new Set(students.map(rosterKey));
  return {
    roster,
    entryOf: (student) => byKey.get(rosterKey(student)),
    missing: roster.students.filter((entry) => !present.has(rosterKey(entry.id))),
    unknown: students.filter((student) => !byKey.has(rosterKey(student))).sort(),
  };
}
