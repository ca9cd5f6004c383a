import { hex } from '../../reference/addresses';
import { parseHex } from '../memory-image';
import { accessProblem } from './tlb-access-rule';
import { TlbEntryObservation, TlbStepObservation } from './tlb-observation';
import { entryIdentity } from './tlb-entry-order';
import { TlbOperation } from './tlb-probe-types';
import { rightsFromLetters } from './tlb-rights';
import { describeTlbOperation } from './tlb-wording';

/**
 * Why the reference's TLB does or does not hold an entry at some point of a
 * run, read from the reference's own steps (the operations and what they
 * did) and the rules of the spec: which fill cached it, which operation had
 * to drop it, or that LRU replacement evicted it. It explains a difference;
 * the difference itself is found by comparing outcomes (tlb-difference.ts).
 */

type Fill = Extract<TlbOperation, { op: 'fill' }>;

/** What each invalidating operation drops, as the spec states it. */
export function dropRule(operation: TlbOperation): string {
  switch (operation.op) {
    case 'invlpg':
      return 'INVLPG drops the entries of every page size that translate the address in its VPID and PCID, global ones included, and the 4 KiB pieces of the larger page the address lies in; nothing else.';
    case 'cr3-write':
      return 'A CR3 write drops the non-global entries of its VPID and PCID: global entries survive it, and other PCIDs and VPIDs keep theirs.';
    case 'invvpid':
      return 'INVVPID drops every entry of its VPID, global ones included, and nothing of other VPIDs.';
    case 'vm-transition':
      return operation.vpidEnabled
        ? 'With VPIDs a VM entry or exit drops nothing: the tags tell the translations of different VMs apart.'
        : 'Without VPIDs every entry belongs to VPID 0, and a VM entry or exit drops them all.';
    case 'flush-all':
      return 'A flush of everything drops every entry.';
    case 'lookup':
    case 'fill':
      return '';
  }
}

/** Does `operation`, by the spec, drop `entry`? */
export function dropsEntry(operation: TlbOperation, entry: TlbEntryObservation): boolean {
  switch (operation.op) {
    case 'invlpg':
      return entry.vpid === operation.vpid && (entry.pcid === operation.pcid || entry.global) && coversAddress(entry, parseHex(operation.va));
    case 'cr3-write':
      return entry.vpid === operation.vpid && entry.pcid === operation.pcid && !entry.global;
    case 'invvpid':
      return entry.vpid === operation.vpid;
    case 'vm-transition':
      return !operation.vpidEnabled;
    case 'flush-all':
      return true;
    case 'lookup':
    case 'fill':
      return false;
  }
}

/** The entry translates `va` (its page holds it), or is a piece of the larger page that holds it (which INVLPG drops whole). */
function coversAddress(entry: TlbEntryObservation, va: bigint): boolean {
  const inPage = (base: bigint, size: bigint) => (va & ~(size - 1n)) === (base & ~(size - 1n));
  return inPage(parseHex(entry.page), parseHex(entry.pageSize)) || (entry.mappedPageSize !== undefined && inPage(parseHex(entry.page), parseHex(entry.mappedPageSize)));
}

/** The entry a fill caches, in the observation's terms. */
function filledEntry(fill: Fill): Pick<TlbEntryObservation, 'vpid' | 'pcid' | 'page' | 'pageSize'> {
  const size = parseHex(fill.pageSize);
  return { vpid: fill.vpid, pcid: fill.pcid, page: hex(parseHex(fill.va) & ~(size - 1n)), pageSize: fill.pageSize };
}

/** The index of the last fill before `before` that cached the page and context of `entry`, or -1. */
function lastFillOf(steps: readonly TlbStepObservation[], before: number, entry: TlbEntryObservation): number {
  const identity = entryIdentity(entry);
  for (let i = before - 1; i >= 0; i--) {
    const { operation } = steps[i];
    if (operation.op === 'fill' && entryIdentity({ ...entry, ...filledEntry(operation) }) === identity) return i;
  }
  return -1;
}

/** "operation 4 (CR3 write in VPID 1, PCID 0)" */
export function nameOperation(index: number, operation: TlbOperation): string {
  return `operation ${index + 1} (${describeTlbOperation(operation)})`;
}

/**
 * Why the reference's TLB no longer holds `entry` before step `at` (steps
 * are the reference's): it never cached it, an operation dropped it, a fill
 * replaced it, or LRU replacement evicted it.
 */
export function whyGone(steps: readonly TlbStepObservation[], at: number, entry: TlbEntryObservation): string {
  const filled = lastFillOf(steps, at, entry);
  if (filled < 0) return `No fill before this point cached that page for VPID ${entry.vpid}, PCID ${entry.pcid}: the reference's TLB never held it.`;
  for (let k = filled + 1; k < at; k++) {
    const { operation, outcome } = steps[k];
    if (dropsEntry(operation, entry)) return `${capitalized(nameOperation(k, operation))} had to drop it. ${dropRule(operation)}`;
    if (operation.op === 'lookup' && outcome.kind === 'miss' && lookupFinds(operation, entry) && accessProblem(rightsFromLetters(entry.rights), entry.dirty, operation.access, operation.wp) !== null) {
      return `${capitalized(nameOperation(k, operation))} found it but could not use it, so it dropped it and missed: the access walks again.`;
    }
    if (operation.op === 'fill' && entryIdentity({ ...entry, ...filledEntry(operation) }) === entryIdentity(entry)) {
      return `${capitalized(nameOperation(k, operation))} cached the same page again, replacing it.`;
    }
  }
  return `It was cached by ${nameOperation(filled, steps[filled].operation)}; later fills of its set evicted it as the least recently used way. A set is LRU: a hit makes its entry the most recently used, and a fill takes a free way, else the least recently used one.`;
}

/**
 * Why the reference's TLB still holds `entry` before step `at`: which fill
 * cached it, and the rule the student's TLB most likely broke since.
 */
export function whyKept(steps: readonly TlbStepObservation[], at: number, entry: TlbEntryObservation): string {
  const filled = lastFillOf(steps, at, entry);
  const since = filled < 0 ? '' : ` (cached by ${nameOperation(filled, steps[filled].operation)})`;
  const later = steps.slice(filled + 1, at).map((step, offset) => ({ ...step, index: filled + 1 + offset }));
  const kept = later.find(({ operation }) => keptThrough(operation, entry));
  if (kept !== undefined) return `The reference's TLB still holds it${since}: ${nameOperation(kept.index, kept.operation)} does not drop it. ${dropRule(kept.operation)}`;
  const refreshed = later.findIndex(({ operation, outcome }) => operation.op === 'lookup' && outcome.kind === 'hit' && entryIdentity(outcome.entry) === entryIdentity(entry));
  if (refreshed >= 0 && later.slice(refreshed).some(({ operation }) => operation.op === 'fill')) {
    return `The reference's TLB still holds it${since}: the hit of ${nameOperation(later[refreshed].index, later[refreshed].operation)} made it the most recently used way of its set, so later fills evict other ways first (LRU).`;
  }
  if (later.some(({ operation }) => operation.op === 'fill')) {
    return `The reference's TLB still holds it${since}: a fill evicts only when its set is full, and then the least recently used way (LRU).`;
  }
  return `The reference's TLB still holds it${since}, and a lookup finds an entry of its VPID, of the same PCID or global, whose page (of whatever size) holds the address.`;
}

/** An operation a careless TLB might drop `entry` on, though the spec keeps it. */
function keptThrough(operation: TlbOperation, entry: TlbEntryObservation): boolean {
  switch (operation.op) {
    case 'cr3-write':
      return entry.vpid === operation.vpid && (entry.global || entry.pcid !== operation.pcid);
    case 'invvpid':
      return entry.vpid !== operation.vpid;
    case 'vm-transition':
      return operation.vpidEnabled;
    case 'invlpg':
      // Only the same page in another context: an INVLPG of another page is no likely place to lose this one.
      return coversAddress(entry, parseHex(operation.va)) && (entry.vpid !== operation.vpid || (entry.pcid !== operation.pcid && !entry.global));
    default:
      return false;
  }
}

/** Does a lookup of (vpid, pcid, va) match `entry`, rights aside? */
export function lookupFinds(lookup: Extract<TlbOperation, { op: 'lookup' }>, entry: TlbEntryObservation): boolean {
  const size = parseHex(entry.pageSize);
  return entry.vpid === lookup.vpid && (entry.pcid === lookup.pcid || entry.global) && (parseHex(lookup.va) & ~(size - 1n)) === parseHex(entry.page);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
