import { invariant } from '../errors';
import { ENTRY_ADDRESS_MASK, EPT_MEMTYPE_MASK, EPT_MEMTYPE_SHIFT, EPT_PS, EPT_RWX, MEMTYPE_WB, PTE_P, PTE_PS, PTE_RW, PTE_US } from './constants';
import { OUTPUT_ADDRESS_MASKS } from './entry-format';
import { PagingGeometry, levelPageSize, tableIndex } from './geometry';

/** Where the tables live: PhysicalMemory, or a view of guest-physical memory. */
export interface EntryMemory {
  readEntry(address: bigint): bigint;
  writeEntry(address: bigint, value: bigint): void;
}

export type TableFormatName = 'x86' | 'ept';

export interface MapOptions {
  /** 4 KiB, 2 MiB or 1 GiB: the level of the leaf. */
  readonly pageSize: bigint;
  /**
   * The leaf's permission and memory-type bits, written as given (an x86 leaf
   * needs PTE_P to be present). PS is added to a large leaf; an EPT leaf whose
   * flags carry no memory type gets write-back.
   */
  readonly flags: bigint;
  /** Bits of the intermediate entries this call creates. Default x86 P|RW|US, EPT R|W|X: the leaf alone restricts access. */
  readonly tableFlags?: bigint;
}

/** One entry on the path of an input address. */
export interface TableEntryLocation {
  readonly level: number;
  readonly entryAddress: bigint;
  readonly entry: bigint;
}

/** What the builder needs to know of an entry: is it there, does it map a page, where does it point. */
interface TableStructure {
  isPresent(entry: bigint): boolean;
  isLeaf(entry: bigint, level: number): boolean;
  outputAddress(entry: bigint, level: number): bigint;
}

/**
 * Structure only, independent of the controls that decide rights and reserved
 * bits (those belong to the walker): x86 entries are present with P, EPT
 * entries with any of R/W/X; both use PS for a large leaf.
 */
const STRUCTURE: Record<TableFormatName, TableStructure> = {
  x86: structureWith((entry) => (entry & PTE_P) !== 0n),
  ept: structureWith((entry) => (entry & EPT_RWX) !== 0n),
};

function structureWith(isPresent: (entry: bigint) => boolean): TableStructure {
  const isLeaf = (entry: bigint, level: number) => level === 1 || (entry & PTE_PS) !== 0n;
  return {
    isPresent,
    isLeaf,
    outputAddress: (entry, level) => entry & (isLeaf(entry, level) ? OUTPUT_ADDRESS_MASKS[level] : ENTRY_ADDRESS_MASK),
  };
}
const DEFAULT_TABLE_FLAGS: Record<TableFormatName, bigint> = { x86: PTE_P | PTE_RW | PTE_US, ept: EPT_RWX };
const PAGE_SIZE_BIT: Record<TableFormatName, bigint> = { x86: PTE_PS, ept: EPT_PS };
const WRITE_BACK = MEMTYPE_WB << EPT_MEMTYPE_SHIFT;

/**
 * Builds radix page tables in x86 (also AMD NPT) or EPT format: the
 * hypervisor's EPT/NPT tables, and tables for tests. It only ever adds:
 * intermediate tables are created on demand and never freed.
 */
export class PageTableBuilder {
  readonly root: bigint;
  private readonly structure: TableStructure;
  private tables = 1;

  /**
   * @param allocateTable returns the address of a zeroed, 4 KiB-aligned table page
   * @param root an existing root table to extend; by default a new one is allocated
   */
  constructor(
    private readonly memory: EntryMemory,
    private readonly format: TableFormatName,
    private readonly geometry: PagingGeometry,
    private readonly allocateTable: () => bigint,
    root?: bigint,
  ) {
    this.structure = STRUCTURE[format];
    this.root = root ?? allocateTable();
  }

  /** Map the page at `input` to the frame at `output`, replacing a leaf of the same size already there. */
  map(input: bigint, output: bigint, options: MapOptions): void {
    const { pageSize } = options;
    const leafLevel = pageSize === 4096n ? 1 : pageSize === 1n << 21n ? 2 : pageSize === 1n << 30n ? 3 : 0;
    invariant(leafLevel !== 0, `page size ${pageSize} is not 4 KiB, 2 MiB or 1 GiB`);
    invariant(((input | output) & (pageSize - 1n)) === 0n, `mapping 0x${input.toString(16)} -> 0x${output.toString(16)} is not aligned to its page size`);

    const tableFlags = options.tableFlags ?? DEFAULT_TABLE_FLAGS[this.format];
    let table = this.root;
    for (let level = this.geometry.levels; level > leafLevel; level--) {
      const entryAddress = table + BigInt(tableIndex(input, level) * 8);
      const entry = this.memory.readEntry(entryAddress);
      if (this.structure.isPresent(entry)) {
        invariant(!this.structure.isLeaf(entry, level), `0x${input.toString(16)} is already inside a ${levelPageSize(level)}-byte page`);
        table = this.structure.outputAddress(entry, level);
      } else {
        table = this.allocateTable();
        this.tables++;
        this.memory.writeEntry(entryAddress, table | tableFlags);
      }
    }

    const entryAddress = table + BigInt(tableIndex(input, leafLevel) * 8);
    const existing = this.memory.readEntry(entryAddress);
    invariant(
      leafLevel === 1 || !this.structure.isPresent(existing) || this.structure.isLeaf(existing, leafLevel),
      `a page table already covers the ${pageSize}-byte page at 0x${input.toString(16)}`,
    );
    this.memory.writeEntry(entryAddress, this.leafEntry(output, leafLevel, options.flags));
  }

  /** The present leaf that maps `input`, or null. */
  lookupLeaf(input: bigint): TableEntryLocation | null {
    const path = this.path(input);
    const last = path[path.length - 1];
    return this.structure.isPresent(last.entry) && this.structure.isLeaf(last.entry, last.level) ? last : null;
  }

  /** The entries on the path of `input`, top down, ending at its leaf or at the first entry that is not present. */
  path(input: bigint): TableEntryLocation[] {
    const path: TableEntryLocation[] = [];
    let table = this.root;
    for (let level = this.geometry.levels; level >= 1; level--) {
      const entryAddress = table + BigInt(tableIndex(input, level) * 8);
      const entry = this.memory.readEntry(entryAddress);
      path.push({ level, entryAddress, entry });
      if (!this.structure.isPresent(entry) || this.structure.isLeaf(entry, level)) break;
      table = this.structure.outputAddress(entry, level);
    }
    return path;
  }

  /** Table pages in the tree: the root and every table this builder created. */
  tablePages(): number {
    return this.tables;
  }

  private leafEntry(output: bigint, level: number, flags: bigint): bigint {
    let entry = output | flags;
    if (level > 1) entry |= PAGE_SIZE_BIT[this.format];
    if (this.format === 'ept' && (flags & EPT_MEMTYPE_MASK) === 0n) entry |= WRITE_BACK;
    return entry;
  }
}
