import { NestedWalkResult, TwoDReference } from '../nested/nested-types';
import { NestedTranslationCaches } from '../tlb/nested-translation-caches';
import { PagingStructureCache } from '../tlb/paging-structure-cache';
import { WalkCacheHits } from './stats';

/**
 * The memory references a hardware walk makes once its caches have served
 * what they can. The walkers read every entry (the caches change what a miss
 * costs, never what it returns); these functions replay a walk's reads
 * against the caches, fill them, and count what is left.
 */

/** A 1D walk (native, or the shadow tables): the entries read, top level first. */
export function oneDimensionalWalkReferences(
  cache: PagingStructureCache,
  tag: number,
  address: bigint,
  steps: readonly { readonly level: number }[],
  hits: WalkCacheHits,
): number {
  if (!cache.enabled) return steps.length;
  const skipped = cache.skippedReads(tag, address, allButLast(steps));
  if (skipped > 0) hits.guest++;
  return steps.length - skipped;
}

/** The caches a 2D walk may use, and the tags and nested page size of the VM walking. */
export interface TwoDWalkCaches {
  /** The guest dimension's paging-structure cache (the TLB's), tagged by VPID. */
  readonly guest: PagingStructureCache;
  readonly vpid: number;
  readonly nested: NestedTranslationCaches;
  readonly vm: number;
  /** log2 of the pages the nested tables map guest RAM with (12 or 21): the nested TLB's granule. */
  readonly nestedPageShift: bigint;
}

/**
 * A 2D walk. A guest paging-structure hit on level L skips the rows of guest
 * levels L and up whole, their nested walks included (the cached entry holds
 * the next table's gPA). Each row left then translates its gPA: a nested TLB
 * hit skips the nested walk, else the nested paging-structure cache skips its
 * upper levels; the guest entry itself is always read.
 */
export function twoDimensionalWalkReferences(caches: TwoDWalkCaches, va: bigint, walk: NestedWalkResult, hits: WalkCacheHits): number {
  const { guest, nested } = caches;
  if (!guest.enabled && !nested.walkCache.enabled && !nested.nestedTlbEnabled) return walk.references.length;

  const rows = rowsOf(walk.references);
  const guestReads = walk.references.filter((reference) => reference.dimension === 'guest');
  // A guest entry is non-leaf when the walk went on below it: all but the last,
  // and the last too when the walk then failed translating the next table's gPA.
  const failedBelowLastGuestRead = !walk.ok && walk.fault.kind !== 'guest-fault' && walk.fault.stage === 'guest-table';
  const guestNonLeafLevels = failedBelowLastGuestRead ? guestReads.map((read) => read.level) : allButLast(guestReads);
  const skippedRows = guest.enabled ? guest.skippedReads(caches.vpid, va, guestNonLeafLevels) : 0;
  if (skippedRows > 0) hits.guest++;

  let references = 0;
  for (let row = skippedRows; row < rows.length; row++) {
    const nestedReads = rows[row].filter((reference) => reference.dimension === 'nested');
    const guestRead = rows[row].find((reference) => reference.dimension === 'guest');
    const gpa = guestRead?.gpa ?? finalGpa(walk);
    const nested = gpa === undefined ? nestedReads.length : nestedWalkReferences(caches, gpa, nestedReads, guestRead !== undefined || walk.ok, hits);
    references += nested + (guestRead === undefined ? 0 : 1);
  }
  return references;
}

/** One nested walk of a row: none on a nested TLB hit; a completed walk fills the nested TLB. */
function nestedWalkReferences(caches: TwoDWalkCaches, gpa: bigint, reads: readonly TwoDReference[], completed: boolean, hits: WalkCacheHits): number {
  const { nested, vm, nestedPageShift } = caches;
  if (reads.length === 0) return 0;
  if (nested.nestedTlbEnabled && nested.lookupTranslation(vm, gpa, nestedPageShift)) {
    hits.nestedTlb++;
    return 0;
  }
  const skipped = nested.walkCache.enabled ? nested.walkCache.skippedReads(vm, gpa, allButLast(reads)) : 0;
  if (skipped > 0) hits.nested++;
  if (completed && nested.nestedTlbEnabled) nested.fillTranslation(vm, gpa, nestedPageShift);
  return reads.length - skipped;
}

/**
 * The gPA a row without a guest read translates: the data address, or the one
 * whose nested walk failed. A walk that ended in a guest fault has no such
 * row (it ends on a guest read); a component that reports one anyway gets
 * its row counted uncached rather than a crash over a cost.
 */
function finalGpa(walk: NestedWalkResult): bigint | undefined {
  if (walk.ok) return walk.gpa;
  return walk.fault.kind === 'guest-fault' ? undefined : walk.fault.gpa;
}

function rowsOf(references: readonly TwoDReference[]): TwoDReference[][] {
  const rows: TwoDReference[][] = [];
  for (const reference of references) (rows[reference.row] ??= []).push(reference);
  return rows.filter((row) => row !== undefined);
}

function allButLast<T extends { readonly level: number }>(reads: readonly T[]): number[] {
  return reads.slice(0, -1).map((read) => read.level);
}
