import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { NestedWalkObservation } from '../../observe/nested-walk-probe';
import { observe } from '../../observe/observe';
import { Probe } from '../../observe/probe-types';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { SituationGenerator } from './generators/nested-situations';
import { GENERATORS } from '../generators';
import { observedOnReference, failures } from '../framework/test-support/observed-tests';
import { formatDifference } from '../../observe/format-difference';
import { REALISTIC_BUGS } from './bugs';

const assignment = loadAssignment(__dirname);
const expanded = assignment.suites.map((suite) => ({ suite, tests: expandSuite(suite) }));

function observeOnReference(probe: Probe): NestedWalkObservation {
  const observation = observe(probe, REFERENCE_COMPONENTS);
  if (observation.kind !== 'nested-walk') throw new Error(`the reference did not walk: ${JSON.stringify(observation)}`);
  return observation;
}

describe('the nested assignment', () => {
  test('assesses the nested walker, provides the walker, and loads (the loader checks the point totals)', () => {
    expect(assignment.manifest).toMatchObject({ id: 'nested', assesses: ['nestedWalker'], provides: ['walker'], studentFiles: ['starter/src/nested-walker.ts'] });
    expect(assignment.manifest.parts.reduce((sum, part) => sum + part.points, 0)).toBe(100);
  });

  test('one visible public suite; every other suite hidden', () => {
    expect(assignment.manifest.suites.map((suite) => [suite.name, suite.visibility])).toEqual([
      ['public', 'visible'],
      ['order', 'hidden'],
      ['ept-faults', 'hidden'],
      ['accessed-dirty', 'hidden'],
      ['guest-faults', 'hidden'],
      ['npt', 'hidden'],
      ['random', 'hidden'],
    ]);
  });

  test('every case of every suite runs on the reference', () => {
    let cases = 0;
    for (const { tests } of expanded) {
      for (const test of tests) {
        for (const probe of test.probes) observeOnReference(probe);
        cases += test.probes.length;
      }
    }
    expect(cases).toBeGreaterThan(900);
  });

  test('a generated hidden test has at least one case per situation of its generator, so it covers them all', () => {
    const short = expanded
      .filter(({ suite }) => suite.reference.visibility === 'hidden')
      .flatMap(({ suite }) => suite.document.tests)
      .filter((test) => test.generate !== undefined)
      .filter(({ generate }) => generate!.count < (GENERATORS.get(generate!.generator) as SituationGenerator).situations(generate!.params ?? {}).length)
      .map((test) => test.id);
    expect(short).toEqual([]);
  });
});

describe('the public vectors, against hand-computed results', () => {
  const publicTests = expanded.find(({ suite }) => suite.reference.name === 'public')!.tests;
  const casesOf = (id: string) => publicTests.find((test) => test.id === `nested.public.${id}`)!.probes.map(observeOnReference);
  const only = (id: string) => casesOf(id)[0];

  test('the lecture 4x4 walk: guest entries at references 5, 10, 15, 20, at the gPAs of the spec\'s worked example, backed at 0x200000 + gPA; the data row last', () => {
    const walk = only('domain-4x4');
    expect(walk.references).toHaveLength(24);
    const guest = walk.references.flatMap((reference, i) => (reference.dimension === 'guest' ? [[i + 1, reference.gpa, reference.address]] : []));
    expect(guest).toEqual([
      [5, '0x17f0', '0x2017f0'],
      [10, '0x2240', '0x202240'],
      [15, '0x3d10', '0x203d10'],
      [20, '0x4b38', '0x204b38'],
    ]);
    expect(walk.references.slice(20).map((reference) => reference.address)).toEqual(['0x100008', '0x104028', '0x105018', '0x106018']);
    expect(walk.result).toEqual({ ok: true, gpa: '0x8140603abc', hpa: '0x300abc', pageSize: '0x1000', rights: 15 });
  });

  test('the lecture counts: 4x3 19, 4x2 14, 3x4 19, 3x3 15, 5x4 29, 4x5 29, 5x5 35', () => {
    expect(casesOf('domain-counts').map((walk) => walk.references.length)).toEqual([19, 14, 19, 15, 29, 29, 35]);
  });

  test('the spec\'s guest large-page example (3x4): row 0 is the PML4E at guest level 4, row 2 the PDE; the data row reads 0x106b38', () => {
    const walk = casesOf('domain-counts')[2];
    const guest = walk.references.filter((reference) => reference.dimension === 'guest').map((reference) => [reference.row, reference.column, reference.level, reference.address]);
    expect(guest).toEqual([
      [0, 4, 4, '0x4007f0'],
      [1, 4, 3, '0x401240'],
      [2, 4, 2, '0x402d10'],
    ]);
    expect(walk.references.slice(15).map((reference) => [reference.row, reference.address])).toEqual([
      [3, '0x100008'],
      [3, '0x104028'],
      [3, '0x105018'],
      [3, '0x106b38'],
    ]);
    expect(walk.result).toEqual({ ok: true, gpa: '0x8140767abc', hpa: '0x403abc', pageSize: '0x1000', rights: 15 });
  });

  test('a write with EPT A/D on: D in the EPT leaves of the four guest tables and of the data page', () => {
    const dirty = only('ept-ad-write').nestedAdWrites.filter((write) => BigInt(write.bits) & 0x200n);
    expect(dirty.map((write) => write.hpa)).toEqual(['0x103008', '0x103010', '0x103018', '0x103020', '0x106018']);
  });

  test('the EPT faults: the guest PD page unmapped (0x81, row 2), a write to R|X data (0x1aa), W without R and a 2 MiB leaf of memory type 3 (misconfigurations)', () => {
    const table = only('guest-table-violation');
    expect(table.result).toEqual({ ok: false, fault: { kind: 'ept-violation', gpa: '0x3d10', stage: 'guest-table', guestLevel: 2, nestedLevel: 1, qualification: 0x81 } });
    expect(table.references).toHaveLength(14);
    expect(only('final-violation').result).toEqual({ ok: false, fault: { kind: 'ept-violation', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, qualification: 0x1aa } });
    expect(only('misconfig').result).toEqual({ ok: false, fault: { kind: 'ept-misconfig', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1 } });
    // The 4x3 layout's 2 MiB data leaf at 0x104018 with memory type 3: a misconfiguration at nested level 2.
    expect(casesOf('misconfig')[1].result).toEqual({ ok: false, fault: { kind: 'ept-misconfig', gpa: '0x8140603abc', stage: 'final', nestedLevel: 2 } });
  });

  test('not present first: XWR = 000 with memory type 7 and bit 50 (final, 0x181), with bits 7:3 in the PD entry (row 0, 0x81)', () => {
    const [leaf, pointer] = casesOf('not-present-first');
    expect(leaf.result).toEqual({ ok: false, fault: { kind: 'ept-violation', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, qualification: 0x181 } });
    expect(leaf.references).toHaveLength(24);
    expect(pointer.result).toEqual({ ok: false, fault: { kind: 'ept-violation', gpa: '0x17f0', stage: 'guest-table', guestLevel: 4, nestedLevel: 2, qualification: 0x81 } });
    expect(pointer.references).toHaveLength(3);
  });

  test('NPT not present first: the data PML4E with bits 7 and 8 (U, bit 32), the guest tables\' PDPT entry with bit 50 (W|U, bit 33)', () => {
    const [data, table] = casesOf('npt-not-present-first');
    expect(data.result).toEqual({ ok: false, fault: { kind: 'npt-fault', gpa: '0x8140603abc', stage: 'final', nestedLevel: 4, exitInfo1: '0x100000004' } });
    expect(data.references).toHaveLength(21);
    expect(table.result).toEqual({ ok: false, fault: { kind: 'npt-fault', gpa: '0x17f0', stage: 'guest-table', guestLevel: 4, nestedLevel: 3, exitInfo1: '0x200000006' } });
    expect(table.references).toHaveLength(2);
  });

  test('a nested table page at two levels: the entry at 0x103008 gets A in row 0 (as a PD entry) and D alone in row 3 (as the leaf of the guest PT page)', () => {
    const [ept, npt] = casesOf('table-page-two-levels');
    const writesOf = (walk: NestedWalkObservation) => walk.nestedAdWrites.filter((write) => write.hpa === '0x103008').map((write) => [write.level, write.bits]);
    expect(writesOf(ept)).toEqual([
      [2, '0x100'],
      [1, '0x200'],
    ]);
    expect(writesOf(npt)).toEqual([
      [2, '0x20'],
      [1, '0x40'],
    ]);
    expect(ept.result).toEqual({ ok: true, gpa: '0x5abc', hpa: '0x300abc', pageSize: '0x1000', rights: 15 });
  });

  test('guest faults: #PF 0x4 after the guest PTE (reference 20); #GP before any reference', () => {
    const [notPresent, nonCanonical] = casesOf('guest-fault');
    expect(notPresent.result).toEqual({ ok: false, fault: { kind: 'guest-fault', guestFault: 'not-present', level: 1, errorCode: 0x4 } });
    expect(notPresent.references).toHaveLength(20);
    expect(nonCanonical.references).toEqual([]);
  });

  test('NPT: the 4x4 walk, and a user write to a read-only nested page (P|W|U and bit 32)', () => {
    expect(only('npt-4x4').references).toHaveLength(24);
    expect(only('npt-fault').result).toEqual({ ok: false, fault: { kind: 'npt-fault', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, exitInfo1: '0x100000007' } });
  });
});

describe('the realistic bugs (assignments/nested/bugs): the public suite catches and names each; a test of its rule fails', () => {
  const observed = expanded.map(({ suite, tests }) => ({ visible: suite.reference.visibility === 'visible', tests: observedOnReference(tests) }));
  const publicTests = observed.filter(({ visible }) => visible).flatMap(({ tests }) => tests);
  const hiddenTests = observed.filter(({ visible }) => !visible).flatMap(({ tests }) => tests);
  const ruleIds = new Set((assignment.manifest.rules ?? []).map((rule) => rule.id));

  test('at least 20 bugs of the nested walker, each breaking a rule of the manifest', () => {
    expect(REALISTIC_BUGS.filter((bug) => bug.components.nestedWalker !== undefined).length).toBeGreaterThanOrEqual(20);
    expect(REALISTIC_BUGS.filter((bug) => !ruleIds.has(bug.rule)).map((bug) => bug.id)).toEqual([]);
  });

  test.each(REALISTIC_BUGS.map((bug) => [bug.id, bug]))('%s: fails a public test whose first difference names it, and a test of its rule', (_id, bug) => {
    const components = { ...REFERENCE_COMPONENTS, ...bug.components };
    const failed = failures(publicTests, components);
    const texts = [...failed.entries()].map(([id, { first }]) => `${id}: ${formatDifference(first)}`);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.some((text) => bug.feedback.test(text))).toBe(true);
    const ofRule = (tests: typeof publicTests) => tests.filter((test) => test.rules?.includes(bug.rule));
    const failsItsRule = [...failed.keys()].some((id) => ofRule(publicTests).some((test) => test.id === id)) || failures(ofRule(hiddenTests), components).size > 0;
    expect(failsItsRule).toBe(true);
  });
});
