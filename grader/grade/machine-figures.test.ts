import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { MachineObservation } from '../../observe/machine/machine-observation';
import { Observation } from '../../observe/observation';
import { vmlabRoot } from '../../io/vmlab-root';
import { assignmentTests } from './assignment-tests';
import { machineFigures } from './machine-figures';
import { parseObservation } from './parse-observation';
import { ReferenceObservations } from './reference-observations';

// The shadow assignment's public memory test, run by the reference: a real machine observation with end-of-run counters.
const shadow = loadAssignment(path.join(vmlabRoot(), 'assignments', 'shadow'));
const MEMORY_TEST = assignmentTests(shadow, undefined).find((test) => test.id === 'shadow.public.memory')!;
const [REFERENCE] = new ReferenceObservations().of(MEMORY_TEST) as readonly MachineObservation[];
const STATS = REFERENCE.stats!;

/** A student run that differs from the reference's in the figures a design chooses: more hidden faults, more shadow pages. */
const costlier: MachineObservation = {
  ...REFERENCE,
  stats: { ...STATS, hiddenPageFaults: STATS.hiddenPageFaults + 7, pageTablePages: { ...STATS.pageTablePages, shadow: STATS.pageTablePages.shadow + 3 } },
};
const parsed = (value: unknown) => parseObservation('machine', JSON.parse(JSON.stringify(value)));
const figure = (figures: ReturnType<typeof machineFigures>, id: string) => figures?.values.find((value) => value.figure === id);
const invariant = { check: 'invariant' as const, probes: [{ kind: 'machine' as const }, { kind: 'machine' as const }] };

test('the reference run has the counters the figures read, shadow pages included', () => {
  expect(REFERENCE.kind).toBe('machine');
  expect(STATS.pageTablePages.shadow).toBeGreaterThan(0);
  expect(STATS.hiddenPageFaults).toBeGreaterThan(0);
});

test("an invariant machine test's figures are summed over its cases, each side its own", () => {
  const figures = machineFigures(invariant, [REFERENCE, REFERENCE], [parsed(costlier), parsed(REFERENCE)]);
  expect(figures?.casesCounted).toBe(2);
  expect(figure(figures, 'hiddenPageFaults')).toEqual({ figure: 'hiddenPageFaults', yours: 2 * STATS.hiddenPageFaults + 7, reference: 2 * STATS.hiddenPageFaults });
  expect(figure(figures, 'pageTablePages.shadow')).toEqual({ figure: 'pageTablePages.shadow', yours: 2 * STATS.pageTablePages.shadow + 3, reference: 2 * STATS.pageTablePages.shadow });
  expect(figure(figures, 'exits.pt-write')?.reference).toBe(2 * STATS.vmExitsByReason['pt-write']);
  // Figures that are 0 on both sides say nothing (no EPT in shadow mode); the guest's pages stay, as the base of the ratio.
  expect(figure(figures, 'pageTablePages.ept')).toBeUndefined();
  expect(figure(figures, 'pageTablePages.guest')).toBeDefined();
});

test('a case whose machine stopped, or whose result is malformed, is left out of the sums and the count', () => {
  const stopped: MachineObservation = { ...REFERENCE, stopped: { event: 3, message: 'boom' }, stats: undefined };
  const malformed = { ...REFERENCE, stats: { ...STATS, tlbFlushes: -1 } };
  expect(parsed(malformed).ok).toBe(false);
  const threw: Observation = { kind: 'error', message: 'not implemented' };
  const probes = Array.from({ length: 4 }, () => ({ kind: 'machine' as const }));
  const figures = machineFigures({ check: 'invariant', probes }, [REFERENCE, REFERENCE, REFERENCE, REFERENCE], [parsed(costlier), parsed(stopped), parsed(malformed), parsed(threw)]);
  expect(figures?.casesCounted).toBe(1);
  expect(figure(figures, 'hiddenPageFaults')?.yours).toBe(STATS.hiddenPageFaults + 7);
  expect(machineFigures({ check: 'invariant', probes: probes.slice(0, 1) }, [REFERENCE], [parsed(stopped)])).toBeUndefined();
});

test('sums saturate below 2^53, however large the counters the schema lets through', () => {
  const huge: MachineObservation = { ...REFERENCE, stats: { ...STATS, walkMemRefs: Number.MAX_SAFE_INTEGER } };
  const figures = machineFigures(invariant, [REFERENCE, REFERENCE], [parsed(huge), parsed(huge)]);
  expect(figure(figures, 'walkMemRefs')?.yours).toBe(Number.MAX_SAFE_INTEGER);
});

test.each([
  ['a policy test (its counters are judged)', { check: 'policy' as const, probes: [{ kind: 'machine' as const }] }],
  ['a test of walk probes', { check: 'invariant' as const, probes: [{ kind: 'walk' as const }] }],
  ['a test mixing machine and other probes', { check: 'invariant' as const, probes: [{ kind: 'machine' as const }, { kind: 'tlb' as const }] }],
])('%s has no figures', (_what, test) => {
  const expected = test.probes.map(() => REFERENCE);
  expect(machineFigures(test, expected, expected.map(parsed))).toBeUndefined();
});
