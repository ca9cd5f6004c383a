import { Gpa, Gva, frameAddress, frameNumber, gpa, gva } from '../addresses';
import { GuestTablesChangedError, invariant } from '../errors';
import { FrameAllocator } from '../memory/frame-allocator';
import { ENTRY_ADDRESS_MASK, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../paging/constants';
import { geometryForLevels, levelPageSize, levelShift, tableIndex } from '../paging/geometry';
import { GuestPlatform } from './platform';

/** Intermediate entries grant everything; the leaf alone carries a page's protection (as Linux does). */
const TABLE_ENTRY_FLAGS = PTE_P | PTE_RW | PTE_US;
const ENTRIES_PER_TABLE = 512;

/** Where a page's translation ends: the leaf entry's address, its level (1 for 4 KiB, 2 or 3 for a large page) and its value. */
export interface LeafSlot {
  readonly address: Gpa;
  readonly level: number;
  readonly entry: bigint;
}

/** A leaf as the kernel edits it: the first address it maps, its level and its entry. */
export interface Leaf {
  readonly va: Gva;
  readonly level: number;
  readonly entry: bigint;
}

/** Called for each present leaf: the first address it maps, where the entry is, the entry, and its level (1 for 4 KiB). */
export type LeafVisitor = (va: Gva, entryAddress: Gpa, entry: bigint, level: number) => void;

/** The kernel's bookkeeping for one page-table page (like Linux's page-table page refcounts). */
interface TableInfo {
  readonly level: number;
  /** The entry that points to this table; null for the root. */
  readonly parent: { readonly frame: number; readonly index: number } | null;
  /** Indices of the entries in use (present, or holding a child table). */
  readonly used: Set<number>;
}

/**
 * A process's 4-level (or, with CR4.LA57, 5-level) page table, built and
 * edited by the guest kernel through its platform (so every write may trap
 * under shadow paging). Tables are allocated on demand and freed as soon as
 * they become empty, bottom up, so page-table memory tracks what is mapped.
 * Leaves are 4 KiB PTEs, or large leaves (PS) in a PD (2 MiB) or PDPT
 * (1 GiB).
 */
export class GuestPageTable {
  private readonly tables = new Map<number, TableInfo>();
  readonly rootFrame: number;
  /** The end of what the root table maps: 2^48 bytes with 4 levels, 2^57 with 5. */
  private readonly addressSpaceEnd: bigint;

  constructor(
    private readonly platform: GuestPlatform,
    private readonly frames: FrameAllocator,
    /** The paging depth: the root is a PML4 (4) or a PML5 (5). */
    readonly levels: 4 | 5,
  ) {
    this.addressSpaceEnd = 1n << BigInt(geometryForLevels(levels).addressBits);
    this.rootFrame = this.allocateTable(levels, null);
  }

  get root(): Gpa {
    return gpa(frameAddress(this.rootFrame));
  }

  /** Page-table pages in use, the root included. */
  get tablePages(): number {
    return this.tables.size;
  }

  /**
   * The leaf entry that maps `va`: a large leaf (PS) at level 3 or 2, else the
   * entry at level 1; null when the path stops at a missing table.
   */
  findLeaf(va: Gva): LeafSlot | null {
    let frame = this.rootFrame;
    for (let level: number = this.levels; level > 1; level--) {
      const address = this.entryAddress(frame, va, level);
      const entry = this.platform.readEntry(address);
      if ((entry & PTE_P) === 0n) return null;
      if ((entry & PTE_PS) !== 0n) return { address, level, entry };
      frame = this.childTable(entry, frame);
    }
    const address = this.entryAddress(frame, va, 1);
    return { address, level: 1, entry: this.platform.readEntry(address) };
  }

  readLeaf(va: Gva): bigint {
    return this.findLeaf(va)?.entry ?? 0n;
  }

  /**
   * Write the leaf entry of `va` at `level` (1 for a 4 KiB page, 2 or 3 for a
   * large one), creating the intermediate tables it needs. A large page on the
   * way must have been split first, and a large leaf goes where no table is.
   */
  writeLeaf(va: Gva, value: bigint, level = 1): void {
    let frame = this.rootFrame;
    for (let current: number = this.levels; current > level; current--) {
      const address = this.entryAddress(frame, va, current);
      const entry = this.platform.readEntry(address);
      if ((entry & PTE_P) !== 0n) {
        // An `if`, not `invariant`: its message would be formatted on every write.
        if ((entry & PTE_PS) !== 0n) throw new GuestTablesChangedError(`a large-page leaf where it wrote a table entry (mapping 0x${va.toString(16)})`);
        frame = this.childTable(entry, frame);
        continue;
      }
      const child = this.allocateTable(current - 1, { frame, index: tableIndex(va, current) });
      this.platform.writeEntry(address, frameAddress(child) | TABLE_ENTRY_FLAGS);
      this.info(frame).used.add(tableIndex(va, current));
      frame = child;
    }
    const index = tableIndex(va, level);
    const address = this.entryAddress(frame, va, level);
    if (level > 1) {
      const entry = this.platform.readEntry(address);
      if ((entry & PTE_P) !== 0n && (entry & PTE_PS) === 0n) throw new GuestTablesChangedError(`a table entry where it left none (mapping a large page at 0x${va.toString(16)})`);
    }
    this.platform.writeEntry(address, value);
    const used = this.info(frame).used;
    if (value === 0n) used.delete(index);
    else used.add(index);
  }

  /** Clear the leaf entry of `va` (of any size) and free the tables this leaves empty. */
  clearLeaf(va: Gva): void {
    const leaf = this.findLeaf(va);
    if (leaf === null) return;
    this.platform.writeEntry(leaf.address, 0n);
    const frame = frameNumber(leaf.address);
    this.info(frame).used.delete(tableIndex(va, leaf.level));
    this.freeIfEmpty(frame);
  }

  /**
   * Split the large leaf that maps `va` into a new table of 512 leaves one
   * level down, as Linux's split_huge_pmd does: the same frames, protection
   * and A/D bits, so nothing the process sees changes. The new table is
   * filled before the entry that points to it is written. Returns the new
   * leaves, in address order; the caller invalidates the old translation.
   */
  splitLeaf(va: Gva): Leaf[] {
    const leaf = this.findLeaf(va);
    invariant(leaf !== null && leaf.level > 1, `no large page maps 0x${va.toString(16)}`);
    const entry = leaf.entry;
    const level = leaf.level - 1;
    const table = this.allocateTable(level, { frame: frameNumber(leaf.address), index: tableIndex(va, leaf.level) });
    // A 4 KiB PTE has no PS bit (bit 7 is PAT there); a 2 MiB leaf keeps it.
    const flags = (entry & ~ENTRY_ADDRESS_MASK & ~PTE_PS) | (level > 1 ? PTE_PS : 0n);
    const first = entry & ENTRY_ADDRESS_MASK;
    const size = levelPageSize(level);
    const base = va & ~(levelPageSize(leaf.level) - 1n);
    const used = this.info(table).used;
    const pieces: Leaf[] = [];
    for (let index = 0; index < ENTRIES_PER_TABLE; index++) {
      const piece = { va: gva(base + BigInt(index) * size), level, entry: (first + BigInt(index) * size) | flags };
      this.platform.writeEntry(gpa(frameAddress(table) + BigInt(index * 8)), piece.entry);
      used.add(index);
      pieces.push(piece);
    }
    this.platform.writeEntry(leaf.address, frameAddress(table) | TABLE_ENTRY_FLAGS);
    return pieces;
  }

  /**
   * Every leaf in use, in address order: `visit(va, entryAddress, entry,
   * level)`, `va` the first address it maps. With `start` and `end`, only the
   * leaves that map part of [start, end): tables outside the range are not
   * looked at, so the cost follows what is mapped there, not the size of the
   * range or of the address space.
   */
  forEachLeaf(visit: LeafVisitor, start = 0n, end = this.addressSpaceEnd): void {
    this.visitTable(this.rootFrame, this.levels, 0n, visit, start, end);
  }

  /** Free every table, bottom up, clearing each parent entry first. Leaves must already be cleared. */
  destroy(): void {
    const rootInfo = this.info(this.rootFrame);
    for (const index of [...rootInfo.used]) {
      const entry = this.platform.readEntry(gpa(frameAddress(this.rootFrame) + BigInt(index * 8)));
      this.destroySubtree(this.childTable(entry, this.rootFrame));
    }
    this.tables.delete(this.rootFrame);
    this.frames.free(this.rootFrame);
  }

  private destroySubtree(frame: number): void {
    const info = this.info(frame);
    if (info.level > 1) {
      for (const index of [...info.used]) {
        const entry = this.platform.readEntry(gpa(frameAddress(frame) + BigInt(index * 8)));
        this.destroySubtree(this.childTable(entry, frame));
      }
    }
    invariant(info.used.size === 0, `page table ${frame} still maps pages when destroyed`);
    this.unlinkAndFree(frame, info);
  }

  private visitTable(frame: number, level: number, base: bigint, visit: LeafVisitor, start: bigint, end: bigint): void {
    const used = this.info(frame).used;
    const shift = levelShift(level);
    const first = start > base ? Number((start - base) >> shift) : 0;
    const last = Math.min(ENTRIES_PER_TABLE - 1, Number((end - 1n - base) >> shift));
    const indices =
      last - first + 1 > used.size
        ? [...used].filter((index) => index >= first && index <= last).sort((a, b) => a - b)
        : Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((index) => used.has(index));
    for (const index of indices) {
      const entryAddress = gpa(frameAddress(frame) + BigInt(index * 8));
      const entry = this.platform.readEntry(entryAddress);
      const va = base | (BigInt(index) << shift);
      if (level === 1 || (entry & PTE_PS) !== 0n) visit(va as Gva, entryAddress, entry, level);
      else this.visitTable(this.childTable(entry, frame), level - 1, va, visit, start, end);
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

  /**
   * The table a non-leaf entry read back from guest memory points to. The
   * guest OS only writes entries that point to its own tables; under a
   * hypervisor its stores are emulated, so an entry pointing elsewhere means
   * a store was not emulated as written.
   */
  private childTable(entry: bigint, parent: number): number {
    const frame = frameNumber(entry & ENTRY_ADDRESS_MASK);
    if (!this.tables.has(frame)) throw new GuestTablesChangedError(`an entry of its table at gPA 0x${frameAddress(parent).toString(16)} pointing to gPA 0x${frameAddress(frame).toString(16)}, which is none of its page tables`);
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
