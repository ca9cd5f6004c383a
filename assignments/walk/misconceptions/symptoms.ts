import { FailedCase } from '../../framework/misconception';
import { parseHex } from '../../../observe/memory-image';
import { WalkProbe } from '../../../observe/probe-types';
import { WalkObservation, WalkStepObservation } from '../../../observe/walk-probe';
import { EXAMINED_RIGHTS } from '../../../reference/paging/entry-format';
import { levelPageSize } from '../../../reference/paging/geometry';
import { x86FormatFor } from '../../../reference/paging/reference-walker';
import { Access, ALL_RIGHTS, RIGHT_USER, RIGHT_WRITE } from '../../../reference/paging/rights';
import { PagingControl } from '../../../reference/paging/walker';

/**
 * What the misconceptions of the walk read in a failing case: the walk probe
 * and both walks, and small questions about them (which fault at which level,
 * what an entry the reference read holds, what rights it grants, would the
 * access pass on some rights). The entries come from the reference's own
 * steps, so they are the ones in memory; the student's walk is only
 * compared with them. Bit meanings come from reference/paging.
 */
export interface WalkCase {
  readonly probe: WalkProbe;
  readonly expected: WalkObservation;
  readonly got: WalkObservation;
  readonly difference: FailedCase['difference'];
}

/** The case as a walk, when it is one (a TLB scenario of the assignment is a machine case: none of these apply). */
export function walkCase(failed: FailedCase): WalkCase | undefined {
  const { probe, expected, got, difference } = failed;
  if (probe.kind !== 'walk' || expected.kind !== 'walk' || got.kind !== 'walk') return undefined;
  if (!Array.isArray(got.steps) || !Array.isArray(got.adWrites) || typeof got.result !== 'object' || got.result === null) return undefined;
  return { probe, expected, got, difference };
}

/** A recogniser over walk cases: false for any other case. */
export function onWalk(test: (walk: WalkCase) => boolean): (failed: FailedCase) => boolean {
  return (failed) => {
    const walk = walkCase(failed);
    return walk !== undefined && test(walk);
  };
}

type Result = WalkObservation['result'];
export type FaultKind = 'not-present' | 'reserved' | 'protection' | 'non-canonical' | 'access-failed';

/** Is the result a fault of this kind (at this level, when given)? */
export function isFault(result: Result, kind: FaultKind, level?: number): boolean {
  return !result.ok && result.fault === kind && (level === undefined || result.level === level);
}

export function faultLevel(result: Result): number | undefined {
  return result.ok ? undefined : result.level;
}

/** Same outcome: both translate, or both fault the same way at the same level. */
export function sameOutcome(a: Result, b: Result): boolean {
  if (a.ok || b.ok) return a.ok === b.ok;
  return a.fault === b.fault && a.level === b.level;
}

/** The reference refused the access for its rights (a protection fault), the student's walk let it through. */
export function refusedButGranted(walk: WalkCase): boolean {
  return isFault(walk.expected.result, 'protection') && walk.got.result.ok === true;
}

/** The reference allowed the access, the student's walk refused it with a protection fault. */
export function grantedButRefused(walk: WalkCase): boolean {
  return walk.expected.result.ok && isFault(walk.got.result, 'protection');
}

export const entryOf = (step: WalkStepObservation): bigint => parseHex(step.entry);
export const has = (entry: bigint, bit: bigint): boolean => (entry & bit) !== 0n;

/** The entry the reference read at `level`, if it read one there. */
export function expectedEntryAt(walk: WalkCase, level: number): bigint | undefined {
  const step = walk.expected.steps.find((candidate) => candidate.level === level);
  return step === undefined ? undefined : entryOf(step);
}

/** The last entry the reference read: the leaf of a translation or of a protection fault, the bad entry of a reserved or not-present fault. */
export function lastExpectedEntry(walk: WalkCase): { entry: bigint; level: number } | undefined {
  const last = walk.expected.steps[walk.expected.steps.length - 1];
  return last === undefined ? undefined : { entry: entryOf(last), level: last.level };
}

/** The table entries the reference walked through, above the last one. */
export function upperEntries(walk: WalkCase): bigint[] {
  return walk.expected.steps.slice(0, -1).map(entryOf);
}

/** The rights one entry grants (RIGHT_* bits: RW, US, and X unless NX with EFER.NXE). */
export function rightsOf(control: PagingControl, entry: bigint, level: number): number {
  return x86FormatFor(control).examine(entry, level) & EXAMINED_RIGHTS;
}

/** The AND of the rights of the entries the reference read. */
export function combinedRights(walk: WalkCase, control: PagingControl = walk.probe.control): number {
  return walk.expected.steps.reduce((rights, step) => rights & rightsOf(control, entryOf(step), step.level), ALL_RIGHTS);
}

/** Would the reference's rules allow the access on these rights to this leaf (under these controls)? */
export function permits(rights: number, leaf: bigint, control: PagingControl, access: Access): boolean {
  return x86FormatFor(control).permits(rights, access, leaf);
}

/** The leaf alone would allow the access, the AND over every level does not: a right missing above the leaf. */
export function onlyTheLeafAllows(walk: WalkCase): boolean {
  const last = lastExpectedEntry(walk);
  if (last === undefined) return false;
  const { control, access } = walk.probe;
  return permits(rightsOf(control, last.entry, last.level), last.entry, control, access) && !permits(combinedRights(walk), last.entry, control, access);
}

/** Some entry above the leaf lacks the right (RIGHT_* bit) the leaf grants. */
export function missingAboveTheLeaf(walk: WalkCase, right: number): boolean {
  const last = lastExpectedEntry(walk);
  if (last === undefined) return false;
  const { control } = walk.probe;
  const upper = walk.expected.steps.slice(0, -1);
  return (rightsOf(control, last.entry, last.level) & right) !== 0 && upper.some((step) => (rightsOf(control, entryOf(step), step.level) & right) === 0);
}

/** A user page: US at every level the reference read. */
export function isUserPage(walk: WalkCase): boolean {
  return (combinedRights(walk) & RIGHT_USER) !== 0;
}

export const lacksWrite = (rights: number): boolean => (rights & RIGHT_WRITE) === 0;

/** A supervisor data access (read or write). */
export const supervisorData = (access: Access): boolean => !access.user && access.kind !== 'fetch';

/** The first step over the common prefix where the two walks read different entries, with both reads. */
export function firstWrongRead(walk: WalkCase): { index: number; expected: WalkStepObservation; got: WalkStepObservation } | undefined {
  const common = Math.min(walk.expected.steps.length, walk.got.steps.length);
  for (let index = 0; index < common; index++) {
    const [expected, got] = [walk.expected.steps[index], walk.got.steps[index]];
    if (expected.entryAddress !== got.entryAddress || expected.index !== got.index) return { index, expected, got };
  }
  return undefined;
}

/** The table base a step's entry address implies: the address less 8 × the index. */
export function tableBaseOf(step: WalkStepObservation): bigint {
  return parseHex(step.entryAddress) - 8n * BigInt(step.index);
}

/** The student's walk read every entry the reference read, in order (it may have read more). */
export function readTheExpectedEntries(walk: WalkCase): boolean {
  return walk.expected.steps.every((step, i) => walk.got.steps[i]?.entryAddress === step.entryAddress);
}

/** The A/D writes of a walk, parsed. */
export function adWritesOf(observation: WalkObservation): Array<{ level: number; entryAddress: bigint; bits: bigint }> {
  return observation.adWrites.map((write) => ({ level: write.level, entryAddress: parseHex(write.entryAddress), bits: parseHex(write.bits) }));
}

/** The difference the judge found is in the A/D writes: steps and outcome agree. */
export const differsInAdWrites = (walk: WalkCase): boolean => walk.difference.field === 'accessed/dirty bits';

/** Address bits 13 .. size - 1 of a large leaf at level 2 or 3 (bit 12 is PAT). */
export function largeLeafLowAddressBits(level: number): bigint {
  return level === 2 || level === 3 ? (levelPageSize(level) - 1n) & ~0x1fffn : 0n;
}
