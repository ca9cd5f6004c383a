import { Gpa, Gva, frameAddress, frameNumber, gpa } from '../addresses';
import { invariant } from '../errors';
import { FrameAllocator } from '../memory/frame-allocator';
import { ENTRY_ADDRESS_MASK, PTE_P, PTE_RW, PTE_US } from '../paging/constants';
import { tableIndex } from '../paging/geometry';
import { GuestPlatform } from './platform';

/** Intermediate entries grant everything; the leaf alone carries a page's protection (as Linux does). */
const TABLE_ENTRY_FLAGS = PTE_P | PTE_RW | PTE_US;
const LEVELS = 4;

/** The kernel's bookkeeping for one page-table page (like Linux's page-table page refcounts). */
interface TableInfo {
  readonly level: number;
  /** The entry that points to this table; null for the root. */
  readonly parent: { readonly frame: number; readonly index: number } | null;
  /** Indices of the entries in use (present, or holding a child table). */
  readonly used: Set<number>;
}

/**
 * A process's 4-level page table, built and edited by the guest kernel through
 * its platform (so every write may trap under shadow paging). Tables are
 * allocated on demand and freed as soon as they become empty, bottom up, so
 * page-table memory tracks what is mapped.
 */
export class GuestPageTable {
  private readonly tables = new Map<number, TableInfo>();
  readonly rootFrame: number;

  constructor(
    private readonly platform: GuestPlatform,
    private readonly frames: FrameAllocator,
  ) {
    this.rootFrame = this.allocateTable(LEVELS, null);
  }

  get root(): Gpa {
    return gpa(frameAddress(this.rootFrame));
  }

  /** Page-table pages in use, the root included. */
  get tablePages(): number {
    return this.tables.size;
  }

  /** Address of the leaf entry for `va`, or null when an intermediate table is missing. */
  leafEntryAddress(va: Gva): Gpa | null {
    let frame = this.rootFrame;
    for (let level = LEVELS; level > 1; level--) {
      const entry = this.platform.readEntry(this.entryAddress(frame, va, level));
      if ((entry & PTE_P) === 0n) return null;
      frame = frameNumber(entry & ENTRY_ADDRESS_MASK);
    }
    return this.entryAddress(frame, va, 1);
  }

  readLeaf(va: Gva): bigint {
    const address = this.leafEntryAddress(va);
    return address === null ? 0n : this.platform.readEntry(address);
  }

  /** Write the leaf entry of `va`, creating the intermediate tables it needs. */
  writeLeaf(va: Gva, value: bigint): void {
    let frame = this.rootFrame;
    for (let level = LEVELS; level > 1; level--) {
      const address = this.entryAddress(frame, va, level);
      const entry = this.platform.readEntry(address);
      if ((entry & PTE_P) !== 0n) {
        frame = frameNumber(entry & ENTRY_ADDRESS_MASK);
        continue;
      }
      const child = this.allocateTable(level - 1, { frame, index: tableIndex(va, level) });
      this.platform.writeEntry(address, frameAddress(child) | TABLE_ENTRY_FLAGS);
      this.info(frame).used.add(tableIndex(va, level));
      frame = child;
    }
    const index = tableIndex(va, 1);
    this.platform.writeEntry(this.entryAddress(frame, va, 1), value);
    const used = this.info(frame).used;
    if (value === 0n) used.delete(index);
    else used.add(index);
  }

  /** Clear the leaf entry of `va` and free the tables this leaves empty. */
  clearLeaf(va: Gva): void {
    const address = this.leafEntryAddress(va);
    if (address === null) return;
    this.platform.writeEntry(address, 0n);
    const frame = frameNumber(address);
    this.info(frame).used.delete(tableIndex(va, 1));
    this.freeIfEmpty(frame);
  }

  /** Every present leaf, in address order: `visit(va, entryAddress, entry)`. */
  forEachLeaf(visit: (va: Gva, entryAddress: Gpa, entry: bigint) => void): void {
    this.visitTable(this.rootFrame, LEVELS, 0n, visit);
  }

  /** Free every table, bottom up, clearing each parent entry first. Leaves must already be cleared. */
  destroy(): void {
    const rootInfo = this.info(this.rootFrame);
    for (const index of [...rootInfo.used]) {
      const entry = this.platform.readEntry(gpa(frameAddress(this.rootFrame) + BigInt(index * 8)));
      this.destroySubtree(frameNumber(entry & ENTRY_ADDRESS_MASK));
    }
    this.tables.delete(this.rootFrame);
    this.frames.free(this.rootFrame);
  }

  private destroySubtree(frame: number): void {
    const info = this.info(frame);
    if (info.level > 1) {
      for (const index of [...info.used]) {
        const entry = this.platform.readEntry(gpa(frameAddress(frame) + BigInt(index * 8)));
        this.destroySubtree(frameNumber(entry & ENTRY_ADDRESS_MASK));
      }
    }
    invariant(info.used.size === 0, `page table ${frame} still maps pages when destroyed`);
    this.unlinkAndFree(frame, info);
  }

  private visitTable(frame: number, level: number, base: bigint, visit: (va: Gva, entryAddress: Gpa, entry: bigint) => void): void {
    const info = this.info(frame);
    for (const index of [...info.used].sort((a, b) => a - b)) {
      const entryAddress = gpa(frameAddress(frame) + BigInt(index * 8));
      const entry = this.platform.readEntry(entryAddress);
      const va = base | (BigInt(index) << BigInt(12 + 9 * (level - 1)));
      if (level === 1) visit(va as Gva, entryAddress, entry);
      else this.visitTable(frameNumber(entry & ENTRY_ADDRESS_MASK), level - 1, va, visit);
    }
  }

  private freeIfEmpty(frame: number): void {
    const info = this.info(frame);
    if (info.used.size > 0 || info.parent === null) return;
    const parent = info.parent;
    this.unlinkAndFree(frame, info);
    this.freeIfEmpty(parent.frame);
  }

  private unlinkAndFree(frame: number, info: TableInfo): void {
    invariant(info.parent !== null, 'the root is freed by destroy()');
    this.platform.writeEntry(gpa(frameAddress(info.parent.frame) + BigInt(info.parent.index * 8)), 0n);
    this.info(info.parent.frame).used.delete(info.parent.index);
    this.tables.delete(frame);
    this.frames.free(frame);
  }

  private allocateTable(level: number, parent: TableInfo['parent']): number {
    const frame = this.frames.allocate();
    this.platform.zeroFrame(frame);
    this.tables.set(frame, { level, parent, used: new Set() });
    return frame;
  }

  private info(frame: number): TableInfo {
    const info = this.tables.get(frame);
    invariant(info !== undefined, `frame ${frame} is not a page table of this process`);
    return info;
  }

  private entryAddress(frame: number, va: bigint, level: number): Gpa {
    return gpa(frameAddress(frame) + BigInt(tableIndex(va, level) * 8));
  }
}
