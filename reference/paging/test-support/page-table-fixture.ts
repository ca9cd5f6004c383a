import { PhysicalMemory } from '../../memory/physical-memory';
import { PTE_P, PTE_RW, PTE_US } from '../constants';
import { EntryReader } from '../walk-tables';

/**
 * Page tables for walker tests, written into a PhysicalMemory at the table
 * addresses of the DOMAIN.md worked vector. The index arithmetic is written out
 * here from the SDM (4.5, figure 4-8) on purpose, rather than taken from
 * geometry.ts, so the tests do not check the walker against itself; for the
 * same reason the walker tests do not build tables with PageTableBuilder,
 * which navigates with the formats and index helpers under test. Entries are
 * written whole, so a test can set any bit, reserved ones included.
 *
 *   47      39 38      30 29      21 20      12 11         0
 *  | PML4     | PDPT     | PD       | PT       | offset     |
 */

// Table bases of the worked vector; every table fills one 4 KiB frame.
export const PML4_BASE = 0x1000n;
export const PDPT_BASE = 0x2000n;
export const PD_BASE = 0x3000n;
export const PT_BASE = 0x4000n;
/** Top table of 5-level paging, for the LA57 cases. */
export const PML5_BASE = 0x6000n;

/** Leaf frames. The walker never reads data, so these need no backing memory. */
export const FRAME_4K = 0x5000n;
// 0x40000000 is 1 GiB-aligned, so it serves as a 2 MiB and as a 1 GiB frame (as in DOMAIN.md).
export const FRAME_2M = 0x4000_0000n;
export const FRAME_1G = 0x4000_0000n;

/** Frames 0..7 hold every table above. */
const FIXTURE_FRAMES = 8;

const ENTRY_BYTES = 8n;
const INDEX_MASK = 0x1ffn; // 9 bits: 512 entries per table
const OFFSET_4K_MASK = 0xfffn; // 11:0
export const OFFSET_2M_MASK = 0x1f_ffffn; // 20:0
export const OFFSET_1G_MASK = 0x3fff_ffffn; // 29:0

/** The VA fields of 4-level (and, with pml5, 5-level) paging. */
export function vaFields(va: bigint) {
  return {
    pml5: Number((va >> 48n) & INDEX_MASK),
    pml4: Number((va >> 39n) & INDEX_MASK),
    pdpt: Number((va >> 30n) & INDEX_MASK),
    pd: Number((va >> 21n) & INDEX_MASK),
    pt: Number((va >> 12n) & INDEX_MASK),
    offset: va & OFFSET_4K_MASK,
  };
}

export function entryAddress(tableBase: bigint, index: number): bigint {
  return tableBase + ENTRY_BYTES * BigInt(index);
}

/** An entry: an address (table or frame) with flag bits. */
export function pte(address: bigint, flags: bigint): bigint {
  return address | flags;
}

/** A present, writable, user entry: grants everything a table pointer can grant. */
export const OPEN = PTE_P | PTE_RW | PTE_US;

/** The entries on the path of one VA; a level left out is not written (it reads as 0, not present). */
export interface PathEntries {
  readonly pml5e?: bigint;
  readonly pml4e: bigint;
  readonly pdpte?: bigint;
  readonly pde?: bigint;
  readonly pte?: bigint;
}

/** Where the entries of one path live. */
export interface PathAddresses {
  readonly pml5e: bigint;
  readonly pml4e: bigint;
  readonly pdpte: bigint;
  readonly pde: bigint;
  readonly pte: bigint;
}

export class PageTableFixture {
  readonly memory = new PhysicalMemory(FIXTURE_FRAMES);
  /** Addresses the walker read, in order. */
  readonly reads: bigint[] = [];

  /** The reader to hand to the walker: logs each read and returns the entry in memory. */
  readonly readEntry: EntryReader = (address) => {
    this.reads.push(address);
    return this.memory.readEntry(address);
  };

  /** The entry addresses of `va`'s path through the fixture's tables. */
  addressesOf(va: bigint): PathAddresses {
    const fields = vaFields(va);
    return {
      pml5e: entryAddress(PML5_BASE, fields.pml5),
      pml4e: entryAddress(PML4_BASE, fields.pml4),
      pdpte: entryAddress(PDPT_BASE, fields.pdpt),
      pde: entryAddress(PD_BASE, fields.pd),
      pte: entryAddress(PT_BASE, fields.pt),
    };
  }

  /**
   * Writes `va`'s path. The entries are whole values: the caller decides where
   * each points, so a test can also point one elsewhere (or nowhere).
   */
  map(va: bigint, entries: PathEntries): PathAddresses {
    const at = this.addressesOf(va);
    if (entries.pml5e !== undefined) this.memory.writeEntry(at.pml5e, entries.pml5e);
    this.memory.writeEntry(at.pml4e, entries.pml4e);
    if (entries.pdpte !== undefined) this.memory.writeEntry(at.pdpte, entries.pdpte);
    if (entries.pde !== undefined) this.memory.writeEntry(at.pde, entries.pde);
    if (entries.pte !== undefined) this.memory.writeEntry(at.pte, entries.pte);
    return at;
  }

  /** A 4 KiB mapping of `va` to `frame`, every table pointer OPEN, the leaf with `leafFlags`. */
  map4K(va: bigint, frame: bigint, leafFlags: bigint): PathAddresses {
    return this.map(va, {
      pml4e: pte(PDPT_BASE, OPEN),
      pdpte: pte(PD_BASE, OPEN),
      pde: pte(PT_BASE, OPEN),
      pte: pte(frame, leafFlags),
    });
  }
}
