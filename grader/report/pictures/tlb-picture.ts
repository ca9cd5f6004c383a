import { Difference } from '../../../observe/difference';
import { TlbObservation, TlbOutcome } from '../../../observe/tlb/tlb-observation';
import { describeTlbOperation, describeTlbOutcome } from '../../../observe/tlb/tlb-wording';
import { TlbOperationPair, TlbPicture } from './picture-types';
import { describeUntrusted, field, integer, item, MAX_LIST_TEXT, pair, shown } from './untrusted';

/** Operations shown before the one where the TLBs part: a fill a few operations back is often the cause. */
const OPERATIONS_BEFORE_FIRST = 11;
const MAX_STOP_MESSAGE = 160;

/**
 * The picture of a failing TLB case: the operations up to the first
 * difference, each with what it did on the reference's TLB and on the
 * student's, or, when the runs part only at the end, the last operations and
 * the entries cached. The student's side is read through untrusted.ts (only
 * its `kind` has been checked). Undefined when the difference names no
 * operation (the student's code returned something unreadable).
 */
export function tlbPicture(expected: TlbObservation, got: unknown, difference: Difference): TlbPicture | undefined {
  const index = integer(field(difference.detail, 'operation')) ?? difference.step;
  if (index === undefined || index < 0 || index > expected.steps.length) return undefined;
  const atEnd = index === expected.steps.length;
  const last = atEnd ? index - 1 : index;
  const start = Math.max(0, last - OPERATIONS_BEFORE_FIRST);
  const operations = expected.steps.slice(start, last + 1).map((step, offset) => operationPair(start + offset, step.operation, step.outcome, got));
  return {
    kind: 'tlb',
    operationsBefore: start,
    operations,
    ...(atEnd ? { resident: pair(shown(difference.expected, MAX_LIST_TEXT), shown(difference.got, MAX_LIST_TEXT)) } : {}),
    first: atEnd ? { at: 'end' } : { at: 'operation', index: operations.length - 1 },
  };
}

function operationPair(index: number, operation: TlbObservation['steps'][number]['operation'], outcome: TlbOutcome, got: unknown): TlbOperationPair {
  const stopped = field(got, 'stopped');
  const gotStep = item(field(got, 'steps'), index);
  const gotText =
    integer(field(stopped, 'operation')) === index
      ? `threw: ${shown(field(stopped, 'message'), MAX_STOP_MESSAGE)}`
      : gotStep === undefined
        ? 'did not run'
        : describeUntrusted(field(gotStep, 'outcome'), describeTlbOutcome);
  return { operation: index, what: `${index + 1}. ${describeTlbOperation(operation)}`, result: pair(describeTlbOutcome(outcome), gotText) };
}
