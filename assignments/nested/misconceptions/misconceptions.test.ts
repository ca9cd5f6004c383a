import { expandSuite } from '../../framework/expand-tests';
import { loadAssignment } from '../../framework/load-assignment';
import { PUBLIC_SUITE } from '../../framework/loaded-assignment';
import { diagnoseCase } from '../../framework/diagnose';
import { FailedCase, Misconception } from '../../framework/misconception';
import { failures, observedOnReference } from '../../framework/observed-tests';
import { compareNestedWalks } from '../../../observe/nested-walk-difference';
import { NestedWalkObservation } from '../../../observe/nested-walk-probe';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { REALISTIC_BUGS } from '../bugs';
import { MISCONCEPTIONS } from '.';

/**
 * The nested catalogue: its shape, and its recognisers on failing cases.
 * The cases are the first failing case of each realistic bug on the public
 * suite (run in-process, so fast): each is diagnosed as the misconception
 * named here, and each misconception leaves alone the case of a different
 * mistake whose first difference is in the same field (a near miss).
 */
const assignment = loadAssignment(`${__dirname}/..`);
const rules = assignment.manifest.rules ?? [];
const publicTests = observedOnReference(assignment.suites.filter((suite) => suite.reference.name === PUBLIC_SUITE).flatMap((suite) => expandSuite(suite)));

describe('the nested misconception catalogue', () => {
  test('every rule of the manifest has a misconception, and every misconception breaks a rule of the manifest', () => {
    const ruleIds = rules.map((rule) => rule.id);
    expect(ruleIds.filter((id) => !MISCONCEPTIONS.some((misconception) => misconception.rule === id))).toEqual([]);
    expect(MISCONCEPTIONS.filter((misconception) => !ruleIds.includes(misconception.rule)).map((misconception) => misconception.id)).toEqual([]);
  });

  test('ids are unique; titles, explanations and concepts are there, and name no address of a case', () => {
    const ids = MISCONCEPTIONS.map((misconception) => misconception.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bad = MISCONCEPTIONS.filter(({ title, explanation, concept }) => [title, explanation, concept].some((text) => text.trim() === '' || /0x[0-9a-f]+/i.test(text)));
    expect(bad.map((misconception) => misconception.id)).toEqual([]);
  });
});

/** The misconception each realistic bug's first public failure shows. */
const DIAGNOSED_AS: Readonly<Record<string, string>> = {
  guestEntryFirst: 'guest-entry-before-its-nested-walk',
  columnsFromOne: 'columns-numbered-wrong',
  guestLevelFromRowCount: 'guest-level-counted-from-leaf',
  cachesRepeatedNestedEntries: 'nested-walk-cached-across-rows',
  skipsFinalTranslation: 'data-gpa-not-translated',
  nestedIndexOffByOne: 'nested-index-bits',
  nestedLargePageOffsetAs4K: 'large-nested-page-offset',
  pageSizeFromGuestOnly: 'page-size-not-the-smaller',
  rightsFromGuestOnly: 'rights-not-anded-with-nested',
  misconfigBeforePresence: 'misconfiguration-before-presence',
  eptRightsFromLeafOnly: 'ept-rights-from-leaf-only',
  eptRightsAtEveryLevel: 'ept-rights-checked-per-level',
  qualificationWithoutLinearValid: 'qualification-linear-address-valid',
  qualificationFinalBitAlways: 'qualification-final-bit',
  qualificationWithoutRights: 'qualification-rights-walked',
  tableWriteWithoutReadBit: 'qualification-table-write-read-bit',
  tableAccessReadUnderEptAd: 'guest-table-read-is-a-write-under-ept-ad',
  guestAdUpdateNotAWrite: 'guest-ad-update-is-a-data-write',
  executeOnlyDefaultsFalse: 'execute-only-refused',
  eptNonLeafReservedSixToThree: 'ps-at-top-level-unchecked',
  eptLargePageLowBitsUnchecked: 'large-leaf-low-address-bits',
  maxPhysicalAddressUnchecked: 'max-physical-address-unchecked',
  memoryTypeCheckedAt4KOnly: 'memory-type-in-every-leaf',
  nestedAdOncePerEntry: 'dirty-after-accessed-dropped',
  nestedAdPerRow: 'nested-ad-once-per-walk',
  nestedLeafAccessedWhenRefused: 'refused-nested-leaf-gets-no-a',
  nestedDirtyOnRead: 'nested-dirty-only-on-write',
  nestedAdDroppedOnFault: 'nested-ad-dropped-on-fault',
  eptAdWithoutEnable: 'ept-ad-without-enable',
  guestAdAtGpa: 'guest-ad-at-gpa',
  guestAdDroppedOnExit: 'guest-ad-dropped-on-exit',
  guestErrorCodeWithoutUser: 'error-code-user-bit',
  guestFaultAsExit: 'guest-fault-turned-into-exit',
  nonCanonicalWithErrorCode: 'non-canonical-is-a-gp',
  nptAccessAsGuestPrivilege: 'npt-accesses-are-user',
  nptTableAccessAsRead: 'npt-guest-table-read-is-a-user-write',
  nptAdOnlyWhenEnabled: 'npt-ad-always',
  nptTopBit8Allowed: 'npt-top-level-bits-7-and-8',
  nptStageBitsSwapped: 'npt-exit-info-stage-bits',
  nptExitInfoWithoutReserved: 'npt-exit-info-reserved-bit',
};

/** Each bug's failing public cases, diagnosed as the grader does. */
const bugCases = REALISTIC_BUGS.map((bug) => {
  const failed = failures(publicTests, { ...REFERENCE_COMPONENTS, ...bug.components });
  const cases: FailedCase[] = publicTests.flatMap((test) => {
    const failure = failed.get(test.id);
    return failure === undefined ? [] : [{ ...failure.firstCase, difference: failure.first, test: { id: test.id, component: test.component, rules: test.rules ?? [] } }];
  });
  return { bug: bug.id, cases };
});
const diagnosisOf = (failed: FailedCase) => diagnoseCase(MISCONCEPTIONS, rules, failed)?.misconception?.id;
const byId = (id: string): Misconception => MISCONCEPTIONS.find((misconception) => misconception.id === id)!;

describe('the recognisers, on the realistic bugs\' public failures', () => {
  test('every realistic bug has its expected diagnosis listed here', () => {
    expect(REALISTIC_BUGS.map((bug) => bug.id).filter((id) => DIAGNOSED_AS[id] === undefined)).toEqual([]);
    expect(Object.values(DIAGNOSED_AS).filter((id) => !MISCONCEPTIONS.some((misconception) => misconception.id === id))).toEqual([]);
  });

  test.each(bugCases.map(({ bug, cases }) => [bug, cases] as const))('%s: a public failure is diagnosed as its misconception', (bug, cases) => {
    expect(cases.map(diagnosisOf)).toContain(DIAGNOSED_AS[bug]);
  });

  test.each(bugCases.map(({ bug }) => [DIAGNOSED_AS[bug], bug] as const))('%s does not recognise a near miss: a different mistake\'s failure in the same field', (id, bug) => {
    const own = bugCases.find((entry) => entry.bug === bug)!.cases.find((failed) => diagnosisOf(failed) === id)!;
    const others = bugCases.filter((entry) => DIAGNOSED_AS[entry.bug] !== id).flatMap((entry) => entry.cases.filter((failed) => diagnosisOf(failed) === DIAGNOSED_AS[entry.bug]));
    const nearMiss = others.find((failed) => failed.difference.field === own.difference.field) ?? others[0];
    expect(byId(id).recognise(nearMiss)).toBe(false);
    expect(byId(id).recognise(own)).toBe(true);
  });
});

describe('the recognisers, on hand-made walks (mistakes no realistic bug makes)', () => {
  const caseOf = (testId: string) => {
    const test = publicTests.find((candidate) => candidate.id === `nested.public.${testId}`)!;
    return { test, probe: test.cases[0].probe, expected: test.cases[0].expected as NestedWalkObservation };
  };
  const failing = (testId: string, change: (walk: NestedWalkObservation) => NestedWalkObservation): FailedCase => {
    const { test, probe, expected } = caseOf(testId);
    const got = change(expected);
    const difference = compareNestedWalks(expected, got);
    if (difference === null) throw new Error('the hand-made walk does not differ');
    return { probe, expected, got, difference, test: { id: test.id, component: test.component, rules: test.rules ?? [] } };
  };

  test('rows numbered from 1: the rows misconception, not the columns one', () => {
    const failed = failing('domain-4x4', (walk) => ({ ...walk, references: walk.references.map((reference) => ({ ...reference, row: reference.row + 1 })) }));
    expect(diagnosisOf(failed)).toBe('rows-numbered-wrong');
    expect(byId('columns-numbered-wrong').recognise(failed)).toBe(false);
  });

  test('an EPT violation delivered to the guest as a #PF: a nested fault is an exit; the reverse misconception does not fire', () => {
    const failed = failing('guest-table-violation', (walk) => ({ ...walk, result: { ok: false, fault: { kind: 'guest-fault', guestFault: 'not-present', level: 2, errorCode: 0 } } }));
    expect(diagnosisOf(failed)).toBe('exit-turned-into-guest-fault');
    expect(byId('guest-fault-turned-into-exit').recognise(failed)).toBe(false);
  });

  test('a #NPF reported as an EPT violation under NPT', () => {
    const failed = failing('npt-fault', (walk) => {
      const fault = walk.result.ok ? undefined : walk.result.fault;
      if (fault === undefined || fault.kind !== 'npt-fault') throw new Error('the public NPT fault test no longer faults');
      const { exitInfo1: _exitInfo1, ...where } = fault;
      return { ...walk, result: { ok: false, fault: { ...where, kind: 'ept-violation', qualification: 0x1aa } } };
    });
    expect(diagnosisOf(failed)).toBe('npt-fault-kind');
    expect(byId('misconfiguration-reported-as-violation').recognise(failed)).toBe(false);
  });

  test('a nested A/D write of a bit the entry already holds', () => {
    // The first public case under EPT A/D with a nested entry whose A is already set.
    const found = publicTests.flatMap((test) => test.cases.map((testCase, index) => ({ test, index, testCase }))).find(({ testCase }) => {
      const probe = testCase.probe;
      const expected = testCase.expected as NestedWalkObservation;
      return probe.kind === 'nested-walk' && probe.nested.format === 'ept' && probe.nested.accessedDirty && expected.references.some((reference) => reference.dimension === 'nested' && (BigInt(reference.entry) & 0x100n) !== 0n);
    });
    if (found === undefined) throw new Error('no public case has an EPT entry with A set under EPT A/D');
    const probe = found.testCase.probe;
    const expected = found.testCase.expected as NestedWalkObservation;
    const set = expected.references.find((reference) => reference.dimension === 'nested' && (BigInt(reference.entry) & 0x100n) !== 0n)!;
    const got = { ...expected, nestedAdWrites: [{ level: set.level, hpa: set.address, bits: '0x100' }, ...expected.nestedAdWrites] };
    const difference = compareNestedWalks(expected, got)!;
    const failed: FailedCase = { probe, expected, got, difference, test: { id: found.test.id, component: found.test.component, rules: found.test.rules ?? [] } };
    expect(diagnosisOf(failed)).toBe('nested-ad-bit-already-set');
    expect(byId('ept-ad-without-enable').recognise(failed)).toBe(false);
  });
});
