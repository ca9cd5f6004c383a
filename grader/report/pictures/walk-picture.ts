import { hex } from '../../../reference/addresses';
import { Difference } from '../../../observe/difference';
import { WalkProbe } from '../../../observe/probe-types';
import { describeWalkFault } from '../../../observe/walk-difference';
import { WalkObservation } from '../../../observe/walk-probe';
import { walkFaultErrorCode } from '../../../reference/paging/page-fault';
import { describeRights } from '../../../reference/paging/rights';
import { TableWalkFault } from '../../../reference/paging/walk-types';
import { ReportedBits, reportedPair, WalkEntryRead, WalkPicture, WalkStepPair } from './picture-types';
import { describeUntrusted, field, integer, items, MAX_LIST_TEXT, pair, shown, stepPair } from './untrusted';

/** More steps than any walk makes (5 levels): the rest of a runaway walk is not drawn. */
const MAX_STEPS = 8;
const MAX_AD_WRITES = 16;

/**
 * The picture of a failing walk case: both walks level by level (each entry
 * read with the A/D bits set in it), the outcomes, and where the first
 * difference is. Undefined when the difference is not about the walk itself
 * (the student's code threw, or returned something unreadable).
 */
export function walkPicture(probe: WalkProbe, expected: WalkObservation, got: unknown, difference: Difference): WalkPicture | undefined {
  const first = firstDifference(difference);
  if (first === undefined) return undefined;
  const expectedSide = walkSide(expected);
  const gotSide = walkSide(got);
  const steps: WalkStepPair[] = [];
  for (let i = 0; i < Math.min(MAX_STEPS, Math.max(expectedSide.reads.length, gotSide.reads.length)); i++) {
    steps.push(stepPair(expectedSide.reads[i], gotSide.reads[i]));
  }
  const strayAdWrites = expectedSide.stray === 'none' && gotSide.stray === 'none' ? undefined : pair(expectedSide.stray, gotSide.stray);
  const code = first.at === 'outcome' ? errorCodes(probe, expected, field(got, 'result')) : undefined;
  return {
    kind: 'walk',
    va: probe.va,
    levels: probe.control.levels,
    steps,
    ...(strayAdWrites === undefined ? {} : { strayAdWrites }),
    outcome: pair(describeWalkResult(expected.result), describeWalkResult(field(got, 'result'))),
    ...(code === undefined ? {} : { code }),
    first,
  };
}

function firstDifference(difference: Difference): WalkPicture['first'] | undefined {
  if (difference.where === 'outcome') return { at: 'outcome' };
  if (difference.where === 'A/D writes') return { at: 'ad-writes' };
  return difference.step === undefined ? undefined : { at: 'step', index: difference.step };
}

interface WalkSide {
  readonly reads: readonly WalkEntryRead[];
  /** A/D writes into entries this walk did not read, as text. */
  readonly stray: string;
}

/** One walk's reads with the A/D bits it sets in each; works on the student's walk too, whatever its shape. */
function walkSide(walk: unknown): WalkSide {
  const writes = items(field(walk, 'adWrites'), MAX_AD_WRITES).map((write) => ({ entryAddress: shown(field(write, 'entryAddress')), bits: shown(field(write, 'bits')) }));
  const reads = items(field(walk, 'steps'), MAX_STEPS).map((step): WalkEntryRead => {
    const entryAddress = shown(field(step, 'entryAddress'));
    return {
      level: shown(field(step, 'level')),
      index: shown(field(step, 'index')),
      entryAddress,
      entry: shown(field(step, 'entry')),
      adBits: shown(
        writes
          .filter((write) => write.entryAddress === entryAddress)
          .map((write) => write.bits)
          .join(' + '),
        MAX_LIST_TEXT,
      ),
    };
  });
  const readAddresses = new Set(reads.map((read) => read.entryAddress));
  const stray = writes.filter((write) => !readAddresses.has(write.entryAddress)).map((write) => `${write.bits} into ${write.entryAddress}`);
  return { reads, stray: stray.length === 0 ? 'none' : shown(stray.join(', '), MAX_LIST_TEXT) };
}

const PAGE_SIZES: Readonly<Record<string, string>> = { '0x1000': '4 KiB', '0x200000': '2 MiB', '0x40000000': '1 GiB' };

/** "a translation to 0x5abc (4 KiB page, rights r-xu)", "a protection fault at level 1", "#GP: a non-canonical address". */
export function describeWalkResult(result: unknown): string {
  const ok = field(result, 'ok');
  if (ok === true) {
    const size = shown(field(result, 'pageSize'));
    const rights = integer(field(result, 'rights'));
    return `a translation to ${shown(field(result, 'address'))} (${PAGE_SIZES[size] ?? size} page, rights ${rights === undefined ? shown(field(result, 'rights')) : describeRights(rights)})`;
  }
  if (ok === false) {
    return field(result, 'fault') === 'non-canonical' ? '#GP: a non-canonical address' : describeUntrusted(result, describeWalkFault);
  }
  return 'no readable result';
}

/**
 * The #PF error code of each side's fault, when either side raises a #PF.
 * Drawn only for a difference in the outcome, so both walks read the same
 * entries: the expected ones give the leaf whose protection key the PK bit
 * depends on.
 */
function errorCodes(probe: WalkProbe, expected: WalkObservation, got: unknown): ReportedBits | undefined {
  const steps = expected.steps.map((step) => ({ level: step.level, index: step.index, entryAddress: BigInt(step.entryAddress), entry: BigInt(step.entry) }));
  const codeOf = (result: unknown) => {
    const fault = pageFault(result);
    return fault === null ? undefined : hex(walkFaultErrorCode(fault, probe.access, probe.control, steps));
  };
  return reportedPair('pf-error-code', codeOf(expected.result), codeOf(got));
}

/** The fault of a walk result if it is one that raises #PF (not #GP, not a failed read). */
function pageFault(result: unknown): TableWalkFault | null {
  if (field(result, 'ok') !== false) return null;
  const level = integer(field(result, 'level')) ?? 0;
  switch (field(result, 'fault')) {
    case 'not-present':
      return { kind: 'not-present', level };
    case 'protection':
      return { kind: 'protection', level, rights: 0 };
    case 'reserved':
      return { kind: 'reserved', level, reason: '' };
    default:
      return null;
  }
}
