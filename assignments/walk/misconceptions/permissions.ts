import { Misconception } from '../../framework/misconception';
import { PTE_P } from '../../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_USER, RIGHT_WRITE } from '../../../reference/paging/rights';
import { CONCEPTS } from './concepts';
import {
  WalkCase,
  combinedRights,
  grantedButRefused,
  expectedEntryAt,
  faultLevel,
  has,
  isFault,
  lacksWrite,
  lastExpectedEntry,
  missingAboveTheLeaf,
  onWalk,
  onlyTheLeafAllows,
  readTheExpectedEntries,
  refusedButGranted,
  rightsOf,
} from './symptoms';

/** The leaf itself lacks the right (RIGHT_* bit): the student ignored the right, not only its levels above. */
function leafLacks(walk: WalkCase, right: number): boolean {
  const leaf = lastExpectedEntry(walk);
  return leaf !== undefined && (rightsOf(walk.probe.control, leaf.entry, leaf.level) & right) === 0;
}

/** The student let through what only the leaf allows, and the right the levels above take away is this one. */
const leafOnlyFor = (right: number) => (walk: WalkCase) => refusedButGranted(walk) && onlyTheLeafAllows(walk) && missingAboveTheLeaf(walk, right);

/** Access rights: US, RW (with CR0.WP), NX (with EFER.NXE), combined over every level, checked once at the leaf. */
export const PERMISSION_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'rights-checked-per-level',
    rule: 'rights-every-level',
    title: 'The rights are checked once, at the leaf, on the AND of every level: the walk does not stop at the first entry that lacks a right',
    explanation: 'The hardware gathers the rights while it walks and checks the access once it reaches the leaf, so a protection fault is reported at the leaf level, after every entry on the path has been read (and the tables above marked accessed).',
    concept: CONCEPTS.permissions,
    recognise: onWalk(({ expected, got }) => {
      // A protection fault where the reference's walk went on: at an entry above its last one.
      const level = faultLevel(got.result);
      return isFault(got.result, 'protection') && level !== undefined && expected.steps.some((step) => step.level < level) && got.steps.length < expected.steps.length;
    }),
  },
  {
    id: 'us-at-leaf-only',
    rule: 'user-needs-us',
    title: 'US must hold at every level, not only the leaf',
    explanation: 'A user access needs US in every entry it passes through: a table entry without US makes everything below it supervisor-only, whatever the leaf says. The rights are the AND over the levels, not the leaf alone.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => walk.probe.access.user && leafOnlyFor(RIGHT_USER)(walk)),
  },
  {
    id: 'rw-at-leaf-only',
    rule: 'write-needs-rw',
    title: 'RW must hold at every level, not only the leaf',
    explanation: 'A write needs RW in every entry of the walk (a supervisor write too while CR0.WP is set): a read-only table entry makes everything below it read-only, whatever the leaf says. The rights are the AND over the levels, not the leaf alone.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => walk.probe.access.kind === 'write' && leafOnlyFor(RIGHT_WRITE)(walk)),
  },
  {
    id: 'nx-at-leaf-only',
    rule: 'nx-forbids-fetch',
    title: 'NX at any level forbids fetches, not only NX in the leaf',
    explanation: 'With EFER.NXE set, NX in any entry of the walk makes everything below it non-executable: the execute right is the AND over the levels, not the leaf alone.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => walk.probe.access.kind === 'fetch' && leafOnlyFor(RIGHT_EXECUTE)(walk)),
  },
  {
    id: 'rights-of-the-leaf-alone',
    rule: 'rights-every-level',
    title: "A translation's rights are the AND over every level, not the leaf's alone",
    explanation: 'Each level can take a right away and none can give one back, so the rights a translation carries (and the TLB caches) are the AND of RW, US and execute over every entry read, not only the leaf.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => {
      const { probe, expected, got } = walk;
      const leaf = lastExpectedEntry(walk);
      if (!expected.result.ok || !got.result.ok || leaf === undefined || got.result.rights === expected.result.rights) return false;
      return got.result.rights === rightsOf(probe.control, leaf.entry, leaf.level);
    }),
  },
  {
    id: 'reported-rights-not-exact',
    rule: 'rights-every-level',
    title: 'A translation reports exactly the combined rights of its walk, not every right',
    explanation: 'The rights returned with a translation are what the TLB caches and later accesses are checked against: exactly the AND of the rights of every level (read, write, execute, user), no more and no fewer.',
    concept: CONCEPTS.permissions,
    recognise: onWalk(({ expected, got }) => expected.result.ok && got.result.ok && expected.result.address === got.result.address && expected.result.rights !== got.result.rights),
  },
  {
    id: 'user-access-to-supervisor-page',
    rule: 'user-needs-us',
    title: 'A user access to a supervisor page (US clear) faults',
    explanation: 'US clear makes a page supervisor-only: a user-mode access to it is a protection fault, whatever RW and NX allow.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => walk.probe.access.user && refusedButGranted(walk) && leafLacks(walk, RIGHT_USER)),
  },
  {
    id: 'wp-clear-supervisor-write',
    rule: 'write-needs-rw',
    title: 'With CR0.WP clear, a supervisor write ignores RW',
    explanation: 'CR0.WP decides whether RW binds the supervisor: while it is clear, kernel code may write to read-only pages (user writes still need RW).',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => {
      const { probe } = walk;
      return !probe.control.wp && !probe.access.user && probe.access.kind === 'write' && grantedButRefused(walk) && lacksWrite(combinedRights(walk));
    }),
  },
  {
    id: 'wp-set-supervisor-write',
    rule: 'write-needs-rw',
    title: 'With CR0.WP set, RW binds supervisor writes too',
    explanation: 'CR0.WP set makes the supervisor honour RW like user code: a kernel write to a page that is read-only at any level faults.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => {
      const { probe } = walk;
      return probe.control.wp && !probe.access.user && probe.access.kind === 'write' && refusedButGranted(walk) && lacksWrite(combinedRights(walk));
    }),
  },
  {
    id: 'write-ignores-rw',
    rule: 'write-needs-rw',
    title: 'A user write needs RW: a read-only page refuses it',
    explanation: 'RW clear makes a page read-only: a user-mode write to it is a protection fault.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => walk.probe.access.user && walk.probe.access.kind === 'write' && refusedButGranted(walk) && leafLacks(walk, RIGHT_WRITE)),
  },
  {
    id: 'nx-ignored',
    rule: 'nx-forbids-fetch',
    title: 'With EFER.NXE set, NX forbids fetches',
    explanation: 'Bit 63 of an entry is NX while EFER.NXE is set: an instruction fetch from a page marked NX is a protection fault, whoever fetches.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => walk.probe.control.nxe && walk.probe.access.kind === 'fetch' && refusedButGranted(walk) && leafLacks(walk, RIGHT_EXECUTE)),
  },
];

/**
 * P first. Kept apart: the index puts it after every other check, since a
 * walk that read a wrong entry (a zero word) or ignored a check also ends
 * not-present, and the misconceptions of those name them.
 */
export const PRESENT_FIRST: Misconception = {
    id: 'present-bit-first',
    rule: 'present-first',
    title: 'An entry with P clear ends the walk with not-present, whatever its other bits say',
    explanation: 'P is checked first at every entry: when it is clear the entry maps nothing, its other bits mean nothing (not even reserved bits or rights), and the walk stops there.',
    concept: CONCEPTS.permissions,
    recognise: onWalk((walk) => {
      const { expected, got } = walk;
      // The student's walk reached the entry without P and went on, or stopped as not-present at an entry that has P.
      if (isFault(expected.result, 'not-present')) return !isFault(got.result, 'not-present') && readTheExpectedEntries(walk);
      const level = faultLevel(got.result);
      const entry = level === undefined ? undefined : expectedEntryAt(walk, level);
      return isFault(got.result, 'not-present') && entry !== undefined && has(entry, PTE_P);
    }),
};
