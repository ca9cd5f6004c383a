import { ExpandedTest } from '../../../observe/test-case';
import { TlbOperation } from '../../../observe/tlb/tlb-probe-types';
import { referenceTlb } from '../../../reference/tlb/reference-tlb';
import { TlbComponent } from '../../../reference/tlb/tlb-component';
import { LoadedAssignment } from '../loaded-assignment';
import { Misconception } from '../misconception';
import { observedOnReference } from '../observed-tests';
import { RealisticBug } from '../realistic-bug';

/**
 * A tiny TLB assignment for the framework's tests: three tests over fills,
 * invlpg and lookups, a bug whose invlpg drops nothing, and a catalogue of
 * one misconception that recognises it (by what the TLB reports it dropped).
 */

/** The reference TLB whose invlpg drops nothing (and says so). */
export const invlpgIgnored: TlbComponent = {
  create(config) {
    const inner = referenceTlb.create(config);
    return {
      lookup: (...args) => inner.lookup(...args),
      fill: (fill) => inner.fill(fill),
      invalidatePage: () => 0,
      flushContext: (vpid, pcid) => inner.flushContext(vpid, pcid),
      flushVpid: (vpid) => inner.flushVpid(vpid),
      vmTransition: (vpidEnabled) => inner.vmTransition(vpidEnabled),
      flushAll: () => inner.flushAll(),
      entries: () => inner.entries(),
    };
  },
};

export const FILL: TlbOperation = { op: 'fill', vpid: 0, pcid: 0, global: false, va: '0x400000', pageSize: '0x1000', physicalBase: '0x5000', rights: 'rwxu', dirty: true };
export const LOOKUP: TlbOperation = { op: 'lookup', vpid: 0, pcid: 0, va: '0x400000', access: { kind: 'read', user: true }, wp: true };
export const INVLPG: TlbOperation = { op: 'invlpg', vpid: 0, pcid: 0, va: '0x400000' };
export const tlbProbe = (...operations: TlbOperation[]) => ({ kind: 'tlb' as const, config: { entries: 8, ways: 2 }, operations });

export const trialTest = (id: string, suite: string, points: number, probes: ReturnType<typeof tlbProbe>[], extra: Partial<ExpandedTest> = {}): ExpandedTest => ({
  id,
  title: id,
  component: 'tlb',
  part: 'basics',
  points,
  category: 'invlpg',
  check: 'policy',
  suite,
  probes,
  rules: ['invlpg-drops'],
  ...extra,
});

export const TRIAL_TESTS = observedOnReference([
  // Two cases, one with an invlpg: all or nothing, so failing one case loses both points.
  trialTest('trial.public.invlpg', 'public', 2, [tlbProbe(FILL, INVLPG, LOOKUP), tlbProbe(FILL, LOOKUP)], { scoring: 'all-or-nothing' }),
  trialTest('trial.public.lookups', 'public', 1, [tlbProbe(FILL, LOOKUP)], { rules: ['lookups'] }),
  // Four cases, one with an invlpg: proportional, so failing it loses a quarter of 4.
  trialTest('trial.hidden.invlpg', 'hidden', 4, [tlbProbe(FILL, INVLPG), tlbProbe(FILL), tlbProbe(LOOKUP), tlbProbe(FILL, LOOKUP)]),
]);

export const trialBug = (extra: Partial<RealisticBug> = {}): RealisticBug => ({
  id: 'invlpgIgnored',
  rule: 'invlpg-drops',
  mistake: 'invlpg drops nothing',
  feedback: /dropped fewer entries/,
  names: /INVLPG.*keeps/,
  components: { tlb: invlpgIgnored },
  ...extra,
});

export const TRIAL_RULES = [
  { id: 'invlpg-drops', part: 'basics', title: 'INVLPG drops every entry of the page', spec: 'Invalidation' },
  { id: 'lookups', part: 'basics', title: 'A lookup hits an entry that covers the address with the rights asked', spec: 'Lookups' },
];

export const TRIAL_ASSIGNMENT = {
  dir: '/nowhere',
  manifest: {
    id: 'trial',
    title: 'Trial',
    assesses: ['tlb'],
    provides: ['walker'],
    studentFiles: ['starter/src/tlb.ts'],
    parts: [{ id: 'basics', title: 'Basics', points: 7 }],
    rules: TRIAL_RULES,
    suites: [],
    limits: { testSeconds: 1, submissionSeconds: 1, memoryMiB: 64 },
  },
  suites: [],
} as LoadedAssignment;

/** A misconception of the trial catalogue; `recognise` defaults to never. */
export const trialMisconception = (extra: Partial<Misconception> = {}): Misconception => ({
  id: 'invlpg-keeps-entry',
  rule: 'invlpg-drops',
  title: 'INVLPG keeps the entry it should drop',
  explanation: 'INVLPG removes every TLB entry that maps the page, whatever its context tags allow.',
  concept: 'TLB invalidation',
  recognise: () => false,
  ...extra,
});

/** The trial catalogue: recognises a case whose first difference is entries dropped. */
export const TRIAL_MISCONCEPTIONS: readonly Misconception[] = [trialMisconception({ recognise: (failed) => failed.difference.field === 'entries dropped' })];
