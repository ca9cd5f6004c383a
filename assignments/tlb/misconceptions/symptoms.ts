import { parseHex } from '../../../observe/memory-image';
import { accessProblem, AccessProblem } from '../../../observe/tlb/tlb-access-rule';
import { TlbDifferenceDetail } from '../../../observe/tlb/tlb-difference';
import { entryKey } from '../../../observe/tlb/tlb-entry-order';
import { TlbEntryObservation, TlbObservation, TlbOutcome } from '../../../observe/tlb/tlb-observation';
import { TlbOperation, TlbProbe } from '../../../observe/tlb/tlb-probe-types';
import { rightsFromLetters } from '../../../observe/tlb/tlb-rights';
import { FailedCase } from '../../framework/misconception';
import { filledEntry as filledEntryOf, firstDisagreement, Misreading, ModelRun, Removal, runModel, sameEntry } from './tlb-model';
import { dropsEntry } from '../../../observe/tlb/tlb-history';

/**
 * What the first difference of a TLB run shows, read against the spec's TLB
 * replayed over the same operations (tlb-model.ts): which entry the
 * student's TLB kept that the reference's had lost, or lost that it kept,
 * and which operation's count differs. The misconceptions classify these.
 */

export type Lookup = Extract<TlbOperation, { op: 'lookup' }>;

export interface TlbCase {
  readonly probe: TlbProbe;
  readonly expected: TlbObservation;
  readonly got: TlbObservation;
  /** The operation of the first difference; the number of operations for the entries cached at the end. */
  readonly index: number;
  readonly operation?: TlbOperation;
  readonly want?: TlbOutcome;
  readonly have?: TlbOutcome;
  /** The spec's TLB over the probe: its state before each operation, and how each entry left. */
  readonly reference: ModelRun;
}

const cases = new WeakMap<FailedCase, TlbCase | null>();

/** The failing case as a TLB run, or undefined for other kinds (machine probes) and runs that threw. */
export function tlbCase(failed: FailedCase): TlbCase | undefined {
  if (!cases.has(failed)) cases.set(failed, readCase(failed) ?? null);
  return cases.get(failed) ?? undefined;
}

function readCase(failed: FailedCase): TlbCase | undefined {
  const { probe, expected, got, difference } = failed;
  if (probe.kind !== 'tlb' || expected.kind !== 'tlb' || got.kind !== 'tlb' || got.stopped !== undefined) return undefined;
  const index = (difference.detail as TlbDifferenceDetail | undefined)?.operation;
  if (typeof index !== 'number') return undefined;
  const operation = probe.operations[index];
  return { probe, expected, got, index, operation, want: expected.steps[index]?.outcome, have: got.steps[index]?.outcome, reference: runModel(probe) };
}

/** A lookup the reference misses and the student's TLB hits: the entry it returned. */
export function extraHit(c: TlbCase): { lookup: Lookup; entry: TlbEntryObservation } | undefined {
  if (c.operation?.op !== 'lookup' || c.want?.kind !== 'miss' || c.have?.kind !== 'hit') return undefined;
  return { lookup: c.operation, entry: c.have.entry };
}

/** A lookup the reference hits and the student's TLB misses: the entry the reference returned. */
export function lostHit(c: TlbCase): { lookup: Lookup; entry: TlbEntryObservation } | undefined {
  if (c.operation?.op !== 'lookup' || c.want?.kind !== 'hit' || c.have?.kind !== 'miss') return undefined;
  return { lookup: c.operation, entry: c.want.entry };
}

/** A lookup both hit, on different entries (or the same page with other values). */
export function otherEntry(c: TlbCase): { lookup: Lookup; want: TlbEntryObservation; got: TlbEntryObservation } | undefined {
  if (c.operation?.op !== 'lookup' || c.want?.kind !== 'hit' || c.have?.kind !== 'hit') return undefined;
  return { lookup: c.operation, want: c.want.entry, got: c.have.entry };
}

/** An operation that dropped another number of entries than the reference's. */
export function countChange(c: TlbCase): { operation: TlbOperation; want: number; got: number } | undefined {
  if (c.operation === undefined || c.want?.kind !== 'dropped' || c.have?.kind !== 'dropped' || c.want.count === c.have.count) return undefined;
  return { operation: c.operation, want: c.want.count, got: c.have.count };
}

/** An entry the student's TLB has where the reference's has none: returned by a lookup, or cached at the end. */
export function keptEntry(c: TlbCase): { entry: TlbEntryObservation; lookup?: Lookup } | undefined {
  const hit = extraHit(c) ?? (otherEntry(c) && { lookup: otherEntry(c)!.lookup, entry: otherEntry(c)!.got });
  if (hit !== undefined) return hit;
  const [extra] = residentDifference(c).extra;
  return extra === undefined ? undefined : { entry: extra };
}

/** An entry the reference's TLB holds and the student's lost: a lookup's hit, or cached at the end. */
export function lostEntry(c: TlbCase): { entry: TlbEntryObservation; lookup?: Lookup } | undefined {
  const hit = lostHit(c);
  if (hit !== undefined) return hit;
  const [missing] = residentDifference(c).missing;
  return missing === undefined ? undefined : { entry: missing };
}

/** The entries cached at the end: what the reference's holds that the student's lacks, and the other way round (empty before the end). */
export function residentDifference(c: TlbCase): { missing: TlbEntryObservation[]; extra: TlbEntryObservation[] } {
  if (c.index < c.probe.operations.length || !c.expected.resident?.ok || !c.got.resident?.ok) return { missing: [], extra: [] };
  return { missing: without(c.expected.resident.entries, c.got.resident.entries), extra: without(c.got.resident.entries, c.expected.resident.entries) };
}

function without(from: readonly TlbEntryObservation[], remove: readonly TlbEntryObservation[]): TlbEntryObservation[] {
  const keys = new Set(remove.map(entryKey));
  return from.filter((entry) => !keys.has(entryKey(entry)));
}

/** How the reference's TLB lost `entry` before operation `before` (the last time, after its last fill), if it held it. */
export function referenceRemoval(c: TlbCase, entry: TlbEntryObservation, before = c.index): Removal | undefined {
  const removals = c.reference.removals.filter((removal) => removal.at < before && sameEntry(removal.entry, entry));
  const last = removals[removals.length - 1];
  if (last === undefined || c.reference.before[before].some((held) => sameEntry(held, entry))) return undefined;
  return last;
}

/** The operations after the reference last filled or hit `entry` and before `before`. */
export function operationsSinceUse(c: TlbCase, entry: TlbEntryObservation, before = c.index): Array<{ index: number; operation: TlbOperation }> {
  let since = 0;
  for (let k = before - 1; k >= 0; k--) {
    const outcome = c.reference.outcomes[k];
    const operation = c.probe.operations[k];
    const filled = operation.op === 'fill' && outcome.kind === 'filled' && c.reference.before[k + 1].some((held) => sameEntry(held, entry)) && !c.reference.before[k].some((held) => sameEntry(held, entry));
    if (filled || (outcome.kind === 'hit' && sameEntry(outcome.entry, entry))) {
      since = k + 1;
      break;
    }
  }
  return c.probe.operations.slice(since, before).map((operation, offset) => ({ index: since + offset, operation }));
}

/** The lookup's context holds the entry (its VPID, and its PCID unless global). */
export function tagsMatch(lookup: { vpid: number; pcid: number }, entry: TlbEntryObservation): boolean {
  return entry.vpid === lookup.vpid && (entry.pcid === lookup.pcid || entry.global);
}

/** The entry's page, of its own size, holds `va`. */
export function pageHolds(entry: TlbEntryObservation, va: bigint): boolean {
  const size = parseHex(entry.pageSize);
  return (va & ~(size - 1n)) === parseHex(entry.page);
}

/** The entry translates `va` or is a 4 KiB piece of the larger page that holds it (what INVLPG drops). */
export function covers(entry: TlbEntryObservation, va: bigint): boolean {
  if (pageHolds(entry, va)) return true;
  if (entry.mappedPageSize === undefined) return false;
  const size = parseHex(entry.mappedPageSize);
  return (va & ~(size - 1n)) === (parseHex(entry.page) & ~(size - 1n));
}

/** Why the entry may not serve the lookup's access, or null. */
export function refusal(entry: TlbEntryObservation, lookup: Lookup): AccessProblem | null {
  return accessProblem(rightsFromLetters(entry.rights), entry.dirty, lookup.access, lookup.wp);
}

/** Is the entry larger than 4 KiB? */
export function isLarge(entry: TlbEntryObservation): boolean {
  return parseHex(entry.pageSize) > 0x1000n;
}

/** Is `va` outside the first 4 KiB of the entry's page? */
export function beyondFirst4KiB(entry: TlbEntryObservation, va: bigint): boolean {
  return (va & ~0xfffn) !== parseHex(entry.page);
}

/**
 * For an operation whose count differs, the entries a misreading of it would
 * drop beside the spec's (`extra`) or spare of them (`spared`), counted in
 * the reference's state before it: the misreading explains the count when
 * that number is the difference.
 */
export function countExplainedBy(c: TlbCase, op: TlbOperation['op'], readings: ReadonlyArray<(operation: TlbOperation, entry: TlbEntryObservation) => boolean>, direction: 'extra' | 'spared'): boolean {
  const change = countChange(c);
  if (change === undefined || change.operation.op !== op) return false;
  const difference = direction === 'extra' ? change.got - change.want : change.want - change.got;
  if (difference <= 0) return false;
  const held = c.reference.before[c.index];
  const dropped = new Set(c.reference.removals.filter((removal) => removal.at === c.index).map((removal) => removal.entry));
  return readings.some((reading) => held.filter((entry) => (direction === 'extra' ? !dropped.has(entry) : dropped.has(entry)) && reading(change.operation, entry)).length === difference);
}

/** Operations since the reference last used `entry` that a misreading says drop it (the student's TLB lost it there). */
export function droppedOnTheWay(c: TlbCase, entry: TlbEntryObservation, reading: (operation: TlbOperation, entry: TlbEntryObservation) => boolean): boolean {
  return operationsSinceUse(c, entry).some(({ operation }) => reading(operation, entry));
}

/** Which of `candidates` best reproduces the student's run: the first to agree with it longest, and past the first difference. */
export function bestMisreading(c: TlbCase, candidates: readonly Misreading[]): Misreading | undefined {
  const observed = c.got.steps.map((step) => step.outcome as { kind: string; entry?: TlbEntryObservation; count?: number });
  let best: { misreading: Misreading; agreed: number } | undefined;
  for (const misreading of candidates) {
    const agreed = firstDisagreement(runModel(c.probe, misreading), observed);
    if (agreed > c.index || (agreed === c.probe.operations.length && c.index === agreed)) {
      if (best === undefined || agreed > best.agreed) best = { misreading, agreed };
    }
  }
  return best?.misreading;
}

/**
 * The operation's count is wrong but it dropped the right entries: the
 * steps after it do what the reference's do (counts aside), the entries
 * cached at the end are the same, and those steps would have shown any
 * choice of entries the count says were dropped or spared beside the
 * spec's. A count above what the TLB held is wrong whatever was dropped.
 */
export function onlyCountsDiffer(c: TlbCase): boolean {
  const change = countChange(c);
  if (change === undefined) return false;
  const held = c.reference.before[c.index];
  if (change.got > held.length) return true;
  for (let k = c.index + 1; k < c.expected.steps.length; k++) {
    const want = c.expected.steps[k].outcome;
    const have = c.got.steps[k]?.outcome;
    if (have === undefined || want.kind !== have.kind) return false;
    if (want.kind === 'hit' && have.kind === 'hit' && !sameEntry(want.entry, have.entry)) return false;
  }
  const end = residentDifference({ ...c, index: c.probe.operations.length });
  if (end.missing.length > 0 || end.extra.length > 0) return false;
  const droppedHere = new Set(c.reference.removals.filter((removal) => removal.at === c.index).map((removal) => removal.entry));
  const spared = change.got < change.want;
  const candidates = held.filter((entry) => droppedHere.has(entry) === spared);
  const unnoticed = candidates.filter((entry) => !(spared ? keptWouldShow(c, entry) : lossWouldShow(c, entry))).length;
  return unnoticed < Math.abs(change.got - change.want);
}

/** Had the operation kept `entry` (which the reference dropped), would a later lookup or the entries cached at the end show it? */
function keptWouldShow(c: TlbCase, entry: TlbEntryObservation): boolean {
  for (let k = c.index + 1; k < c.probe.operations.length; k++) {
    const operation = c.probe.operations[k];
    if (operation.op === 'lookup' && tagsMatch(operation, entry) && pageHolds(entry, parseHex(operation.va))) return true;
    if (operation.op === 'fill' && sameEntry(filledEntryOf(operation), { ...entry, frame: operation.physicalBase, global: operation.global })) return false;
    if (operation.op !== 'lookup' && operation.op !== 'fill' && dropsEntry(operation, entry)) return false;
  }
  return true;
}

/** Had the operation dropped `entry` (which the reference kept), would a later hit or the entries cached at the end show it? */
function lossWouldShow(c: TlbCase, entry: TlbEntryObservation): boolean {
  for (let k = c.index + 1; k < c.probe.operations.length; k++) {
    const outcome = c.reference.outcomes[k];
    if (outcome.kind === 'hit' && outcome.entry === entry) return true;
    if (c.reference.removals.some((removal) => removal.at === k && removal.entry === entry)) return false;
  }
  return true;
}
