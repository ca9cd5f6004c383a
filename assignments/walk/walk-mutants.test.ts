import { Components } from '../../reference/components';
import { Difference } from '../../observe/difference';
import { failures as caseFailures, observedOnReference } from '../framework/observed-tests';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { WalkerBug, sketchWalker } from './test-support/sketch-walker';
import { loadWalkAssignment } from './test-support/walk-assignment';

/**
 * Do the suites catch the mistakes students make? Each bug is planted in an
 * otherwise correct walker written from the spec (test-support/sketch-walker.ts);
 * the hidden suites must fail it in a named test, and the first difference
 * a student would see must point at the right step.
 */

const { tests } = loadWalkAssignment();
const observedTests = observedOnReference(tests);

const withWalker = (bugs: readonly WalkerBug[]): Components => ({ ...REFERENCE_COMPONENTS, walker: sketchWalker(bugs) });

const failures = (bugs: readonly WalkerBug[]) => caseFailures(observedTests, withWalker(bugs));

/** The first difference `test` reports for a walker with `bug`; fails the jest test if `test` passes that walker. */
function firstDifference(bug: WalkerBug, test: string): Difference {
  const caught = failures([bug]).get(test);
  expect({ caughtBy: test, caught: caught !== undefined }).toEqual({ caughtBy: test, caught: true });
  return caught!.first;
}

it('a walker written independently from the spec passes every case of every suite, the machine scenarios included', () => {
  expect([...failures([]).entries()].map(([id, { first }]) => ({ id, first }))).toEqual([]);
});

/** The bug, the hidden test that must catch it, and what the first difference must say: `where / field`, and a word of the expected value. */
const CAUGHT: ReadonlyArray<{ bug: WalkerBug; test: string; step: RegExp; expected?: RegExp }> = [
  { bug: 'ignoresUser', test: 'walk.permissions.user-supervisor', step: /^outcome \/ fault$/, expected: /protection/ },
  { bug: 'forgetsWriteProtectOff', test: 'walk.permissions.write-protect', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'forgetsWriteProtectOn', test: 'walk.permissions.write-protect', step: /^outcome \/ fault$/, expected: /protection/ },
  { bug: 'ignoresNoExecute', test: 'walk.permissions.no-execute', step: /^outcome \/ fault$/, expected: /protection/ },
  { bug: 'noExecuteWithoutNxe', test: 'walk.permissions.no-execute', step: /^outcome \/ fault$/, expected: /reserved/ },
  { bug: 'rightsFromLeafOnly', test: 'walk.permissions.rights-over-levels', step: /^outcome \/ (rights|fault)$/ },
  { bug: 'reportsAllRights', test: 'walk.permissions.rights-over-levels', step: /^outcome \/ rights$/ },
  { bug: 'ignoresReservedBits', test: 'walk.malformed.reserved-bits', step: /^(outcome \/ fault|step \d \/ entry read)$/ },
  { bug: 'rightsBeforeReserved', test: 'walk.malformed.reserved-bits', step: /^outcome \/ fault$/, expected: /reserved/ },
  { bug: 'psAtPml4IsLeaf', test: 'walk.malformed.reserved-bits', step: /^outcome \/ fault$/, expected: /reserved fault at level 4/ },
  { bug: 'addressMaskTooWide', test: 'walk.malformed.reserved-bits', step: /^step \d: the \w+ \(level \d\) \/ entry address$/ },
  { bug: 'skipsCanonicalCheck', test: 'walk.malformed.canonical', step: /^outcome \/ fault$/, expected: /^a non-canonical fault$/ },
  { bug: 'indexShiftOffByOne', test: 'walk.translation.index-edges', step: /^step 1: the PML4E \(level 4\) \/ entry address$/ },
  { bug: 'alwaysFourLevels', test: 'walk.translation.random-5-level', step: /^step 1: the PML5E \(level 5\) \/ level$/ },
  { bug: 'largePagePatAsAddress', test: 'walk.translation.large-pages', step: /^outcome \/ translated address$/ },
  { bug: 'offsetAlways4K', test: 'walk.translation.large-pages', step: /^outcome \/ translated address$/ },
  { bug: 'leafAccessedOnProtectionFault', test: 'walk.accessed-dirty.timing', step: /^A\/D writes \/ accessed\/dirty bits$/ },
  { bug: 'dirtyOnEveryAccess', test: 'walk.accessed-dirty.timing', step: /^A\/D writes \/ accessed\/dirty bits$/ },
  { bug: 'rewritesSetBits', test: 'walk.accessed-dirty.timing', step: /^A\/D writes \/ accessed\/dirty bits$/ },
  { bug: 'tableAccessedOnlyOnSuccess', test: 'walk.accessed-dirty.timing', step: /^A\/D writes \/ accessed\/dirty bits$/ },
  { bug: 'supervisorProtectionsFromLeafOnly', test: 'walk.protections.smep', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'smepRefusesUserFetches', test: 'walk.protections.smep', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'ignoresSmep', test: 'walk.protections.smep', step: /^outcome \/ fault$/, expected: /protection/ },
  { bug: 'smapIgnoresAc', test: 'walk.protections.smap', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'smapAcLiftsImplicit', test: 'walk.protections.smap', step: /^outcome \/ fault$/, expected: /protection/ },
  { bug: 'smapRefusesFetches', test: 'walk.protections.combined', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'pkruAdWdSwapped', test: 'walk.protections.keys', step: /^outcome \/ fault$/ },
  { bug: 'protectionKeyOffByOne', test: 'walk.protections.keys', step: /^outcome \/ fault$/ },
  { bug: 'protectionKeysCheckFetches', test: 'walk.protections.combined', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'writeDisableIgnoresWp', test: 'walk.protections.keys', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'protectionKeysUserAccessesOnly', test: 'walk.protections.keys', step: /^outcome \/ fault$/, expected: /protection/ },
  { bug: 'protectionKeysOnSupervisorPages', test: 'walk.protections.keys', step: /^outcome \/ fault$/, expected: /translation/ },
  { bug: 'protectionKeysWithoutPke', test: 'walk.protections.combined', step: /^outcome \/ fault$/, expected: /translation/ },
];

describe('each planted bug is caught by a hidden test, whose first difference points at the right step', () => {
  it.each(CAUGHT.map((row) => [row.bug, row] as const))('%s', (_bug, { bug, test, step, expected }) => {
    const { where, field, expected: expectedText } = firstDifference(bug, test);
    expect(`${where} / ${field}`).toMatch(step);
    if (expected !== undefined) expect(expectedText).toMatch(expected);
  });
});

/** Bugs a guest program can see: the TLB-basics scenarios, which run the machine on the walker under test, must show them at the right event. */
const SEEN_BY_THE_GUEST: ReadonlyArray<{ bug: WalkerBug; test: string; event: RegExp }> = [
  { bug: 'dirtyOnEveryAccess', test: 'walk.tlb.accessed-then-dirty', event: /^event 4: inspect 0x7f0000000000 / },
  { bug: 'reportsAllRights', test: 'walk.tlb.cached-rights', event: /^event 6: write 0x400000 / },
  { bug: 'ignoresNoExecute', test: 'walk.tlb.cached-rights', event: /^event 7: exec 0x400000 / },
  { bug: 'leafAccessedOnProtectionFault', test: 'walk.tlb.faulting-access-sets-nothing', event: /^event 6: inspect 0x600000 / },
  // Every access walks to the wrong entry: the first one never completes.
  { bug: 'indexShiftOffByOne', test: 'walk.tlb.repeated-access', event: /^event 2: write 0x400010 / },
];

describe('the TLB scenarios show the bugs a guest can see, at the event where it sees them', () => {
  it.each(SEEN_BY_THE_GUEST.map((row) => [row.bug, row] as const))('%s', (_bug, { bug, test, event }) => {
    // The event is pinned down; how the machine judge words the difference is its own business.
    expect(firstDifference(bug, test).where).toMatch(event);
  });
});
