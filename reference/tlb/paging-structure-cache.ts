import { levelShift } from '../paging/geometry';
import { LruSet } from './lru-set';

/**
 * A paging-structure cache (SDM 4.10.3; AMD's page-walk cache): non-leaf
 * entries of recent walks, keyed by the address bits that select them. An
 * entry of level L is named by the address bits from levelShift(L) up, so a
 * cached PDE serves every address of its 2 MiB region, and a walk that finds
 * it starts at the page table, skipping the PML4E, PDPTE and PDE reads.
 *
 * The cache decides what a walk costs, never what it returns: the simulator's
 * walkers read every entry, and the machine counts as memory references only
 * the reads the cache would have saved. It is invalidated where the hardware's
 * is (every INVLPG, MOV CR3, INVVPID and INVEPT of its tag), so a guest that
 * follows the architectural rules sees no difference.
 */
export class PagingStructureCache {
  private readonly entries: LruSet;

  constructor(capacity: number) {
    this.entries = new LruSet(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Sized at all: an unsized cache costs a walk nothing, not even a lookup. */
  get enabled(): boolean {
    return this.entries.capacity > 0;
  }

  /**
   * How many reads a walk of `address` under `tag` skips: the deepest cached
   * level L among the levels `nonLeafLevels` (top-down, as read) lets it skip
   * the reads from the top level down to L. Caches the entries it did read.
   */
  skippedReads(tag: number, address: bigint, nonLeafLevels: readonly number[]): number {
    if (nonLeafLevels.length === 0) return 0;
    let skipped = 0;
    for (let index = nonLeafLevels.length - 1; index >= 0; index--) {
      if (this.entries.lookup(key(tag, nonLeafLevels[index], address))) {
        skipped = index + 1;
        break;
      }
    }
    for (let index = skipped; index < nonLeafLevels.length; index++) this.entries.insert(key(tag, nonLeafLevels[index], address), tag);
    return skipped;
  }

  /** INVLPG, MOV CR3 and INVVPID drop their context's entries (SDM 4.10.4.1), INVEPT its EPTP's. */
  flushTag(tag: number): number {
    return this.entries.flushTag(tag);
  }

  clear(): void {
    this.entries.clear();
  }
}

function key(tag: number, level: number, address: bigint): string {
  return `${tag}/${level}/${(address >> levelShift(level)).toString(16)}`;
}
