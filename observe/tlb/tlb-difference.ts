import { describeRights } from '../../reference/paging/rights';
import { Difference } from '../difference';
import { parseHex } from '../memory-image';
import { pairedLength } from '../paired-length';
import { accessProblem } from './tlb-access-rule';
import { dropRule, whyGone, whyKept } from './tlb-history';
import { entryIdentity, entryKey } from './tlb-entry-order';
import { TlbEntryObservation, TlbObservation, TlbOutcome, TlbResidentObservation, TlbStepObservation } from './tlb-observation';
import { TlbOperation } from './tlb-probe-types';
import { rightsFromLetters } from './tlb-rights';
import { describeTlbEntry, describeTlbOperation, describeTlbOutcome, pageSizeName } from './tlb-wording';

/** `Difference.detail` of a TLB run: the operation it is about (the number of operations: the entries cached after the last). */
export interface TlbDifferenceDetail {
  readonly operation: number;
}

/** Entries listed in one side of a resident-set difference before "and N more". */
const LISTED_ENTRIES = 3;

/**
 * The first divergence between two runs of the same operations, operation
 * by operation (a lookup's miss or hit and the entry it returned, an
 * invalidation's count), then the entries cached at the end, compared as
 * sets. Which free way a fill takes and the order of entries() are the
 * TLB's own choice and never seen here; LRU within a set, the tags and the
 * invalidation rules show in what lookups return and what is dropped.
 */
export function compareTlbRuns(expected: TlbObservation, got: TlbObservation): Difference | null {
  if (expected.stopped !== undefined) throw new Error(`the reference stopped at operation ${expected.stopped.operation + 1}: ${expected.stopped.message}`);
  const steps = expected.steps;
  if (pairedLength(steps, got.steps, 'TLB operations') > steps.length) throw new Error('observations of different probes: more operations than the reference ran');
  for (let i = 0; i < steps.length; i++) {
    if (got.stopped?.operation === i) return threwDifference(i, steps[i].operation, got.stopped.message);
    const gotStep = got.steps[i];
    if (gotStep === undefined) throw new Error(`the observation stops before operation ${i + 1} without saying why`);
    const difference = compareOutcome(steps, i, gotStep.outcome);
    if (difference !== null) return difference;
  }
  if (got.stopped !== undefined) {
    if (got.stopped.operation !== steps.length) throw new Error(`the observation stopped at operation ${got.stopped.operation + 1}, which the reference did not run`);
    return residentDifference(steps.length, 'entries()', 'the entries cached', `it threw: ${got.stopped.message}`, 'entries() threw instead of returning the entries cached now.');
  }
  return compareResident(steps, expected.resident, got.resident);
}

function threwDifference(index: number, operation: TlbOperation, message: string): Difference {
  return at(index, operation, 'exception', 'a result', message, `Your TLB threw instead of returning: ${message}`);
}

function at(index: number, operation: TlbOperation, field: string, expected: string, got: string, message: string): Difference {
  const detail: TlbDifferenceDetail = { operation: index };
  return { where: `operation ${index + 1}: ${describeTlbOperation(operation)}`, step: index, field, expected, got, message, detail };
}

function compareOutcome(steps: readonly TlbStepObservation[], index: number, got: TlbOutcome): Difference | null {
  const { operation, outcome: want } = steps[index];
  if (got.kind === 'garbage') {
    return at(index, operation, 'result', describeTlbOutcome(want), got.problem, 'Your TLB returned a value its interface does not allow: a lookup returns an entry or undefined, an invalidation the number of entries it dropped.');
  }
  if (want.kind === 'miss' && got.kind === 'hit' && operation.op === 'lookup') {
    return at(index, operation, 'outcome', 'a miss', `a hit on ${describeTlbEntry(got.entry)}`, whyMiss(steps, index, operation, got.entry));
  }
  if (want.kind === 'hit' && got.kind === 'miss') {
    return at(index, operation, 'outcome', `a hit on ${describeTlbEntry(want.entry)}`, 'a miss', whyKept(steps, index, want.entry));
  }
  if (want.kind === 'hit' && got.kind === 'hit') return compareHits(index, operation, want, got);
  if (want.kind === 'dropped' && got.kind === 'dropped') {
    if (want.count === got.count) return null;
    const fewer = got.count < want.count;
    return at(index, operation, 'entries dropped', String(want.count), String(got.count), `Your TLB dropped ${fewer ? 'fewer' : 'more'} entries than the reference's. ${dropRule(operation)}`);
  }
  if (want.kind === got.kind) return null; // a miss, or a fill
  throw new Error(`observations of different probes: operation ${index + 1} is a ${want.kind} in the reference's run and a ${got.kind} in this one`);
}

/** Why a lookup the reference misses may not hit `entry`: the tags, the page, the rights, or the history of the run. */
function whyMiss(steps: readonly TlbStepObservation[], index: number, lookup: Extract<TlbOperation, { op: 'lookup' }>, entry: TlbEntryObservation): string {
  if (entry.vpid !== lookup.vpid) return `VPIDs keep the translations of VMs apart: an entry of VPID ${entry.vpid} never serves VPID ${lookup.vpid}.`;
  if (entry.pcid !== lookup.pcid && !entry.global) return `An entry of PCID ${entry.pcid} serves PCID ${entry.pcid} only; only a global entry serves every PCID of its VPID.`;
  const size = parseHex(entry.pageSize);
  if ((parseHex(lookup.va) & ~(size - 1n)) !== parseHex(entry.page)) {
    return `The entry your TLB returned does not translate ${lookup.va}: its ${pageSizeName(entry.pageSize)} page starts at ${entry.page}.`;
  }
  const problem = accessProblem(rightsFromLetters(entry.rights), entry.dirty, lookup.access, lookup.wp);
  if (problem === 'filled clean') return 'A write may not use an entry filled by a read of a clean page: the lookup drops it and misses, so the write walks again and sets the dirty bit.';
  if (problem !== null) {
    return `The entry does not permit a ${lookup.access.user ? 'user' : 'supervisor'} ${lookup.access.kind} (${problem}): the lookup drops it and misses, so the access walks again (and faults, or finds the tables changed).`;
  }
  return whyGone(steps, index, entry);
}

function compareHits(index: number, operation: TlbOperation, want: Extract<TlbOutcome, { kind: 'hit' }>, got: Extract<TlbOutcome, { kind: 'hit' }>): Difference | null {
  const [expected, returned] = [want.entry, got.entry];
  const differ = (field: string, wanted: string, had: string, message: string) => at(index, operation, field, wanted, had, message);
  if (entryIdentity(expected) !== entryIdentity(returned) || expected.global !== returned.global) {
    return differ('entry', describeTlbEntry(expected), describeTlbEntry(returned), 'Your lookup returned another entry than the one that translates the address in this context.');
  }
  if (want.address !== got.address || expected.frame !== returned.frame) {
    return differ('translated address', want.address, got.address, "The entry translates to the wrong host-physical address: the fill's physical base plus the address's offset in its page.");
  }
  if (expected.rights !== returned.rights) {
    return differ('rights', describeRights(rightsFromLetters(expected.rights)), describeRights(rightsFromLetters(returned.rights)), 'The entry does not hold the rights its fill gave it.');
  }
  if (expected.dirty !== returned.dirty) {
    return differ('dirty', expected.dirty ? 'dirty' : 'clean', returned.dirty ? 'dirty' : 'clean', 'The entry does not say whether it was filled dirty as its fill did: a clean entry may not serve a write.');
  }
  if (expected.mappedPageSize !== returned.mappedPageSize) {
    return differ('mapped page size', expected.mappedPageSize ?? 'none', returned.mappedPageSize ?? 'none', 'The entry does not keep the size of the larger page its fill said it is a piece of (INVLPG drops every piece).');
  }
  return null;
}

/** The entries cached at the end, as multisets: what the reference's holds that yours lacks, and the other way round. */
function compareResident(steps: readonly TlbStepObservation[], expected: TlbResidentObservation | undefined, got: TlbResidentObservation | undefined): Difference | null {
  if (expected === undefined || !expected.ok) throw new Error("the reference's entries after the last operation are missing");
  if (got === undefined) throw new Error('the observation has neither the entries cached nor an operation that threw');
  if (!got.ok) return residentDifference(steps.length, 'entries()', `${expected.entries.length} entries`, got.problem, 'entries() returns the entries cached now: a list of entries, each at most once.');
  const missing = without(expected.entries, got.entries);
  const extra = without(got.entries, expected.entries);
  if (missing.length === 0 && extra.length === 0) return null;
  const counts = `After the last operation your TLB holds ${got.entries.length} entries and the reference's ${expected.entries.length}; compared as sets (the order of entries() is yours to choose), ${missing.length} ${missing.length === 1 ? 'is' : 'are'} missing and ${extra.length} extra.`;
  const missingIdentities = new Set(missing.map(entryIdentity));
  const changed = extra.find((entry) => missingIdentities.has(entryIdentity(entry)));
  const why =
    changed !== undefined
      ? `Your TLB caches ${describeTlbEntry(changed)}, with other values than the reference's entry for that page: an entry keeps what its fill gave it.`
      : extra.length > 0
        ? `This one should not be cached: ${describeTlbEntry(extra[0])}. ${whyGone(steps, steps.length, extra[0])}`
        : `This one should still be cached: ${describeTlbEntry(missing[0])}. ${whyKept(steps, steps.length, missing[0])}`;
  return residentDifference(steps.length, 'cached entries', listEntries(missing, 'missing from yours'), listEntries(extra, "not in the reference's"), `${counts} ${why}`);
}

function residentDifference(operations: number, field: string, expected: string, got: string, message: string): Difference {
  const detail: TlbDifferenceDetail = { operation: operations };
  return { where: 'after the last operation', step: operations, field, expected, got, message, detail };
}

/** The entries of `from` left when each entry of `remove` takes away one equal to it. */
function without(from: readonly TlbEntryObservation[], remove: readonly TlbEntryObservation[]): TlbEntryObservation[] {
  const left = new Map<string, number>();
  for (const entry of remove) left.set(entryKey(entry), (left.get(entryKey(entry)) ?? 0) + 1);
  return from.filter((entry) => {
    const key = entryKey(entry);
    const count = left.get(key) ?? 0;
    if (count > 0) left.set(key, count - 1);
    return count === 0;
  });
}

function listEntries(entries: readonly TlbEntryObservation[], what: string): string {
  if (entries.length === 0) return 'no other entry';
  const listed = entries.slice(0, LISTED_ENTRIES).map(describeTlbEntry).join('; ');
  const more = entries.length > LISTED_ENTRIES ? `; and ${entries.length - LISTED_ENTRIES} more` : '';
  return `${listed}${more} (${what})`;
}
