import { Difference } from '../../../observe/difference';
import { BitDifference, NestedWalkDifferenceDetail } from '../../../observe/nested-walk-difference';
import { NestedFaultObservation, NestedWalkObservation, TwoDReferenceObservation } from '../../../observe/nested-walk-probe';
import { NestedWalkProbe } from '../../../observe/probe-types';
import { nestedEntryFormat } from '../../../reference/nested/nested-format';
import { NestedPagingConfig } from '../../../reference/nested/nested-types';
import { EPT_QUAL_EXECUTABLE, EPT_QUAL_FETCH, EPT_QUAL_READABLE, EPT_QUAL_WRITABLE, EPT_QUAL_WRITE, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W } from '../../../reference/paging/constants';
import { EntryFormat, EXAMINED_LEAF, EXAMINED_PRESENT, EXAMINED_RESERVED, EXAMINED_RIGHTS } from '../../../reference/paging/entry-format';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_WRITE } from '../../../reference/paging/rights';
import { FailedCase, Misconception } from '../../framework/misconception';

/**
 * What the nested catalogue's recognisers read of a failing case: the probe
 * and both walks, and small classifiers of the first difference (which list
 * it is in, which field, which bits, which entry). The bit meanings are the
 * reference's (nested-format, constants); recognisers never look at a bug.
 */
export interface NestedCase {
  readonly probe: NestedWalkProbe;
  readonly expected: NestedWalkObservation;
  /** The student's walk: untrusted (a recogniser that trips on it throws, and does not recognise). */
  readonly got: NestedWalkObservation;
  readonly difference: Difference;
}

export type NestedFault = NestedFaultObservation;
export type ExitFault = Exclude<NestedFault, { kind: 'guest-fault' }>;
export type EptViolation = Extract<NestedFault, { kind: 'ept-violation' }>;
export type NptFault = Extract<NestedFault, { kind: 'npt-fault' }>;

/** The failing case as a nested walk, or undefined for a case of another kind. */
export function nestedCase(failed: FailedCase): NestedCase | undefined {
  const { probe, expected, got, difference } = failed;
  if (probe.kind !== 'nested-walk' || expected.kind !== 'nested-walk' || got.kind !== 'nested-walk') return undefined;
  return { probe, expected, got, difference };
}

/** A misconception of the nested catalogue, its recogniser written over a NestedCase. */
export function nestedMisconception(
  fields: Omit<Misconception, 'recognise'>,
  recognise: (walk: NestedCase) => boolean,
): Misconception {
  return {
    ...fields,
    recognise(failed) {
      const walk = nestedCase(failed);
      return walk !== undefined && recognise(walk);
    },
  };
}

// ---------------------------------------------------------------- the difference

/** The difference is at one reference of the 2D walk (a step), with this field. */
export function atReference(walk: NestedCase, ...fields: string[]): boolean {
  return walk.difference.step !== undefined && (fields.length === 0 || fields.includes(walk.difference.field));
}

/** The expected and the student's reference where the difference is (the student's may be missing). */
export function differingReferences(walk: NestedCase): { expected?: TwoDReferenceObservation; got?: TwoDReferenceObservation } {
  const step = walk.difference.step;
  if (step === undefined) return {};
  return { expected: walk.expected.references[step], got: walk.got.references[step] };
}

/** The difference is in the outcome (translation or fault), optionally in one of these fields. */
export function atOutcome(walk: NestedCase, ...fields: string[]): boolean {
  return walk.difference.where === 'outcome' && (fields.length === 0 || fields.includes(walk.difference.field));
}

/** The differing bits of a qualification, error code or EXITINFO1 (empty for any other difference). */
export function differingBits(walk: NestedCase): readonly BitDifference[] {
  return (walk.difference.detail as NestedWalkDifferenceDetail | undefined)?.bits ?? [];
}

/** Only these bits differ (and at least one does) in the outcome field named. */
export function onlyBitsDiffer(walk: NestedCase, field: string, bits: readonly number[]): boolean {
  const differing = differingBits(walk);
  return atOutcome(walk, field) && differing.length > 0 && differing.every((bit) => bits.includes(bit.bit));
}

/** One of these bits differs in the outcome field named. */
export function bitDiffers(walk: NestedCase, field: string, bit: number): boolean {
  return atOutcome(walk, field) && differingBits(walk).some((difference) => difference.bit === bit);
}

/** Which A/D-write list the difference is in, and the position (0-based) in it. */
export function adWriteDifference(walk: NestedCase): { readonly list: 'guest' | 'nested'; readonly index: number } | undefined {
  const match = /^(guest|nested) A\/D write (\d+)/.exec(walk.difference.where);
  return match === null ? undefined : { list: match[1] as 'guest' | 'nested', index: Number(match[2]) - 1 };
}

// ---------------------------------------------------------------- the outcome

export function faultOf(observation: NestedWalkObservation): NestedFault | undefined {
  return observation.result.ok ? undefined : observation.result.fault;
}

export function exitOf(observation: NestedWalkObservation): ExitFault | undefined {
  const fault = faultOf(observation);
  return fault === undefined || fault.kind === 'guest-fault' ? undefined : fault;
}

export function eptViolationOf(observation: NestedWalkObservation): EptViolation | undefined {
  const fault = faultOf(observation);
  return fault?.kind === 'ept-violation' ? fault : undefined;
}

export function nptFaultOf(observation: NestedWalkObservation): NptFault | undefined {
  const fault = faultOf(observation);
  return fault?.kind === 'npt-fault' ? fault : undefined;
}

/** The two walks end alike: same kind of fault, same stage and nested level (or both translate). */
export function sameStop(a: NestedWalkObservation, b: NestedWalkObservation): boolean {
  const x = faultOf(a);
  const y = faultOf(b);
  if (x === undefined || y === undefined) return x === y;
  if (x.kind !== y.kind) return false;
  if (x.kind === 'guest-fault' || y.kind === 'guest-fault') return true;
  return x.stage === y.stage && x.nestedLevel === y.nestedLevel && x.gpa === y.gpa;
}

/** Bits 3-5 of a qualification: the rights walked; all clear when an entry was not present. */
export function qualificationRights(qualification: number): number {
  return (qualification & (EPT_QUAL_READABLE | EPT_QUAL_WRITABLE | EPT_QUAL_EXECUTABLE)) >> 3;
}

/** The right the access of an EPT violation needed, from qualification bits 0-2 (a write needs W, a fetch X, a read R). */
export function neededRight(qualification: number): number {
  if ((qualification & EPT_QUAL_WRITE) !== 0) return RIGHT_WRITE;
  if ((qualification & EPT_QUAL_FETCH) !== 0) return RIGHT_EXECUTE;
  return RIGHT_READ;
}

/** Is an EPT violation a refusal by the rights (an entry present all the way), rather than an entry not present? */
export function refusedByRights(violation: EptViolation): boolean {
  return qualificationRights(violation.qualification) !== 0;
}

/** EXITINFO1 as a number's low bits (the #PF error code part) and its bits 32/33. */
export function exitInfoCode(fault: NptFault): bigint {
  return BigInt(fault.exitInfo1);
}

export function nptNotPresent(fault: NptFault): boolean {
  return (exitInfoCode(fault) & BigInt(PFERR_P)) === 0n;
}

export function nptReserved(fault: NptFault): boolean {
  return (exitInfoCode(fault) & BigInt(PFERR_RSVD)) !== 0n;
}

export function nptWrite(fault: NptFault): boolean {
  return (exitInfoCode(fault) & BigInt(PFERR_W)) !== 0n;
}

export function nptUser(fault: NptFault): boolean {
  return (exitInfoCode(fault) & BigInt(PFERR_U)) !== 0n;
}

// ---------------------------------------------------------------- entries

/** The nested paging configuration of the probe, as the reference reads it. */
export function nestedConfig(probe: NestedWalkProbe): NestedPagingConfig {
  const { format, levels, root, accessedDirty, executeOnly } = probe.nested;
  return { format, levels, root: BigInt(root), accessedDirty, ...(executeOnly === undefined ? {} : { executeOnly }) };
}

export function entryFormat(probe: NestedWalkProbe): EntryFormat {
  return nestedEntryFormat(nestedConfig(probe));
}

/** What the nested format says of one nested entry the walk read. */
export interface EntryFacts {
  readonly present: boolean;
  readonly malformed: boolean;
  /** Why it is malformed (the reference's words), or null. */
  readonly reason: string | null;
  readonly leaf: boolean;
  /** The RIGHT_* bits it grants. */
  readonly rights: number;
}

export function nestedEntryFacts(probe: NestedWalkProbe, reference: TwoDReferenceObservation): EntryFacts {
  const format = entryFormat(probe);
  const entry = BigInt(reference.entry);
  const facts = format.examine(entry, reference.level);
  const present = (facts & EXAMINED_PRESENT) !== 0;
  const malformed = (facts & EXAMINED_RESERVED) !== 0;
  return { present, malformed, reason: present ? format.reservedReason(entry, reference.level) : null, leaf: (facts & EXAMINED_LEAF) !== 0, rights: facts & EXAMINED_RIGHTS };
}

/** The last reference of the expected walk: for a nested fault, the nested entry where it stopped (or, for a refused A/D update, the guest entry). */
export function expectedStopReference(walk: NestedCase): TwoDReferenceObservation | undefined {
  return walk.expected.references[walk.expected.references.length - 1];
}

/** The expected walk stopped at a present nested entry that is malformed (an EPT misconfiguration, an NPT reserved bit). */
export function malformedStop(walk: NestedCase): boolean {
  const stop = expectedStopReference(walk);
  if (exitOf(walk.expected) === undefined || stop?.dimension !== 'nested') return false;
  const facts = nestedEntryFacts(walk.probe, stop);
  return facts.present && facts.malformed;
}

/**
 * The entry where the student's walk stopped, when it stopped on a reference
 * the expected walk made too (the student's walk agreed up to there): the
 * expected walk's reference at that position, so nothing untrusted is read.
 */
export function gotStopReference(walk: NestedCase): TwoDReferenceObservation | undefined {
  const index = walk.got.references.length - 1;
  const expected = walk.expected.references[index];
  const got = walk.got.references[index];
  return expected !== undefined && got !== undefined && expected.address === got.address && expected.dimension === got.dimension ? expected : undefined;
}

/** The references of one row of the expected walk. */
export function expectedRow(walk: NestedCase, row: number): TwoDReferenceObservation[] {
  return walk.expected.references.filter((reference) => reference.row === row);
}

/** The row of the expected walk that translates the data gPA, when the walk reaches it. */
export function expectedDataRow(walk: NestedCase): number | undefined {
  const guestRows = walk.expected.references.filter((reference) => reference.dimension === 'guest').length;
  const { result } = walk.expected;
  const reaches = result.ok || (result.fault.kind !== 'guest-fault' && result.fault.stage === 'final');
  return reaches ? guestRows : undefined;
}

/** The nested entries of the expected walk's data row, top down. */
export function expectedDataRowEntries(walk: NestedCase): TwoDReferenceObservation[] {
  const row = expectedDataRow(walk);
  return row === undefined ? [] : expectedRow(walk, row).filter((reference) => reference.dimension === 'nested');
}

/** Is this nested reference (by hPA) the nested leaf of a guest page table: the last nested reference of a row that reads a guest entry? */
export function isGuestTableLeaf(walk: NestedCase, hpa: string): boolean {
  const references = walk.expected.references;
  return references.some((reference, i) => reference.dimension === 'nested' && reference.address === hpa && references[i + 1]?.dimension === 'guest');
}

/** Does the 2D walk's data row reach a nested leaf at this hPA (the leaf of the data page)? */
export function isDataLeaf(walk: NestedCase, hpa: string): boolean {
  const entries = expectedDataRowEntries(walk);
  return walk.expected.result.ok && entries[entries.length - 1]?.address === hpa;
}

export const hasBits = (hex: string, mask: bigint): boolean => (BigInt(hex) & mask) !== 0n;
