import { CheckKind, Difference } from '../../../observe/difference';
import { Observation } from '../../../observe/observation';
import { Probe } from '../../../observe/probe-types';
import { machinePicture } from './machine-picture';
import { tlbPicture } from './tlb-picture';
import { isFailurePicture } from './picture-schema';
import { FailurePicture } from './picture-types';
import { twoDPicture } from './two-d-picture';
import { walkPicture } from './walk-picture';

/** The first failing case of a test, as the grader judged it. */
export interface FailedCase {
  readonly probe: Probe;
  readonly check: CheckKind;
  /** The reference's observation. */
  readonly expected: Observation;
  /** The student's, straight from the sandbox: only its `kind` has been checked. */
  readonly got: Observation;
  readonly difference: Difference;
}

/** A picture is a few KB at most in results.json; one that is not (it cannot be, given the caps) is left out. */
export const MAX_PICTURE_CHARACTERS = 8000;

/**
 * The picture of a failing case, or undefined when there is none to draw:
 * the student's code threw or answered with another kind of observation (the
 * words say everything then), or the picture came out too large or not as
 * its schema says (results.json keeps only what a report can draw). A picture
 * is an addition to the verdict and the words, never a condition of them, so
 * a student's observation too odd to draw leaves it out rather than failing
 * the grading.
 */
export function failurePicture(failed: FailedCase): FailurePicture | undefined {
  const { probe, expected, got, difference } = failed;
  if (got.kind !== expected.kind || probe.kind !== expected.kind) return undefined;
  let picture: FailurePicture | undefined;
  try {
    if (probe.kind === 'walk' && expected.kind === 'walk') picture = walkPicture(probe, expected, got, difference);
    else if (probe.kind === 'nested-walk' && expected.kind === 'nested-walk') picture = twoDPicture(probe, expected, got, difference);
    else if (expected.kind === 'machine') picture = machinePicture(failed.check, expected, got, difference);
    else if (expected.kind === 'tlb') picture = tlbPicture(expected, got, difference);
  } catch {
    return undefined;
  }
  return picture !== undefined && JSON.stringify(picture).length <= MAX_PICTURE_CHARACTERS && isFailurePicture(picture) ? picture : undefined;
}
