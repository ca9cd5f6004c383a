import { CheckKind } from '../../observe/difference';
import { ContractStats } from '../../observe/machine/machine-observation';
import { Observation } from '../../observe/observation';
import { ProbeKind } from '../../observe/probe-types';
import { FIGURE_IDS, FigureId, TestFigures } from '../results/test-figures';
import { ParsedObservation } from './parse-observation';

/** Reads one figure from a run's end-of-run counters (observe/machine/machine-observation.ts, ContractStats). */
const READ_FIGURE: Readonly<Record<FigureId, (stats: ContractStats) => number>> = {
  hiddenPageFaults: (stats) => stats.hiddenPageFaults,
  guestPageFaults: (stats) => stats.guestPageFaults,
  'exits.pt-write': (stats) => stats.vmExitsByReason['pt-write'],
  'exits.invlpg': (stats) => stats.vmExitsByReason.invlpg,
  'exits.cr3-write': (stats) => stats.vmExitsByReason['cr3-write'],
  'exits.hidden-fault': (stats) => stats.vmExitsByReason['hidden-fault'],
  'exits.guest-fault': (stats) => stats.vmExitsByReason['guest-fault'],
  tlbFlushes: (stats) => stats.tlbFlushes,
  walkMemRefs: (stats) => stats.walkMemRefs,
  'pageTablePages.guest': (stats) => stats.pageTablePages.guest,
  'pageTablePages.shadow': (stats) => stats.pageTablePages.shadow,
  'pageTablePages.ept': (stats) => stats.pageTablePages.ept,
};

/** Kept even when both sides are 0: the base the hypervisor's page-table memory is a ratio of. */
const ALWAYS_KEPT: ReadonlySet<FigureId> = new Set(['pageTablePages.guest']);

/**
 * The figures of a test that judges machine runs by their invariants, which
 * differ by design and so are reported beside the reference's, not judged:
 * each summed over the cases where both machines ran to the end. Only
 * observations the grader parsed against the contract's schema are read
 * (every counter an integer in [0, 2^53)), and sums saturate at 2^53 - 1,
 * so what the student's process returned can only ever give plain numbers.
 * None for a policy test (its counters are judged, and its differences say
 * so), a test of other probes, or one whose machines never ran to the end.
 */
export function machineFigures(
  test: { readonly check: CheckKind; readonly probes: readonly { readonly kind: ProbeKind }[] },
  expected: readonly Observation[],
  parsed: readonly ParsedObservation[],
): TestFigures | undefined {
  if (test.check !== 'invariant' || test.probes.length === 0 || test.probes.some((probe) => probe.kind !== 'machine')) return undefined;
  const pairs = expected.flatMap((reference, index) => {
    const got = parsed[index];
    if (reference.kind !== 'machine' || reference.stats === undefined || got === undefined || !got.ok) return [];
    return got.observation.kind === 'machine' && got.observation.stats !== undefined ? [{ yours: got.observation.stats, reference: reference.stats }] : [];
  });
  if (pairs.length === 0) return undefined;
  const values = FIGURE_IDS.map((figure) => ({
    figure,
    yours: saturatingSum(pairs.map((pair) => READ_FIGURE[figure](pair.yours))),
    reference: saturatingSum(pairs.map((pair) => READ_FIGURE[figure](pair.reference))),
  })).filter((value) => ALWAYS_KEPT.has(value.figure) || value.yours > 0 || value.reference > 0);
  return { casesCounted: pairs.length, values };
}

function saturatingSum(values: readonly number[]): number {
  return values.reduce((sum, value) => Math.min(Number.MAX_SAFE_INTEGER, sum + value), 0);
}
