import { levelPageSize } from '../paging/geometry';
import { ALL_RIGHTS } from '../paging/rights';

/** What a completed walk hands to the TLB. */
export interface TlbFill {
  /** Virtual-processor ID: 0 is the host (and native mode), 1..65535 guests. */
  vpid: number;
  /** Process-context ID, 0..4095; 0 when the guest does not use PCIDs. */
  pcid: number;
  /** From the leaf's G bit: the entry survives CR3 writes and matches any PCID of its VPID. */
  global: boolean;
  /** Any address inside the page (kept as given: the address whose walk filled it). */
  va: bigint;
  /** 4 KiB, 2 MiB or 1 GiB. */
  pageSize: bigint;
  /** Host-physical base of the page, aligned to pageSize. */
  physicalBase: bigint;
  /** RIGHT_* bits (paging/rights.ts): the AND over every entry of the walk, nested stage included. */
  rights: number;
  /** The leaf was dirty when filled: writes may use this entry. */
  dirty: boolean;
  /**
   * The size of the page the (guest) paging structures map, when it is larger
   * than `pageSize`: a guest large page cached in 4 KiB pieces because the EPT
   * backs it with 4 KiB pages. INVLPG of any address in that page drops every
   * such piece (SDM 4.10.2.3, 4.10.4.1).
   */
  mappedPageSize?: bigint;
}

/** One cached translation. Identity is stable while it stays cached. */
export interface TlbEntry extends Readonly<TlbFill> {
  /** `va` aligned down to pageSize. */
  readonly pageBase: bigint;
}

/** The page sizes a TLB entry may have, indexed by size class (paging level - 1). */
export const TLB_PAGE_SIZES: readonly bigint[] = Object.freeze([levelPageSize(1), levelPageSize(2), levelPageSize(3)]);

/** 4 KiB pages per page of each size class: 1, 512, 512 * 512. */
export const SMALL_PAGES_PER_PAGE: readonly number[] = Object.freeze([1, 512, 512 * 512]);

export const MAX_VPID = 0xffff; // VPIDs are 16 bits (SDM 25.6.12)
export const MAX_PCID = 0xfff; //  PCIDs are CR3 bits 11:0 (SDM 4.10.1)
const ADDRESS_LIMIT = 1n << 64n;

/** The size class (0: 4 KiB, 1: 2 MiB, 2: 1 GiB) of pageSize; -1 for any other size. */
export function pageSizeClass(pageSize: bigint): number {
  return TLB_PAGE_SIZES.indexOf(pageSize);
}

/** Checks what a walk must guarantee and builds the cached entry; a bad fill is a simulator bug. */
export function makeTlbEntry(fill: TlbFill): TlbEntry {
  const { vpid, pcid, va, pageSize, physicalBase, rights } = fill;
  // Checked with `if` rather than `invariant`: its message would be formatted on every fill.
  if (pageSizeClass(pageSize) < 0) badFill(`page size 0x${pageSize.toString(16)}`);
  if ((physicalBase & (pageSize - 1n)) !== 0n) badFill(`physical base 0x${physicalBase.toString(16)} not aligned to its page`);
  if (!(va >= 0n && va < ADDRESS_LIMIT)) badFill(`address 0x${va.toString(16)} outside 64 bits`);
  if (!(Number.isInteger(vpid) && vpid >= 0 && vpid <= MAX_VPID)) badFill(`VPID ${vpid}`);
  if (!(Number.isInteger(pcid) && pcid >= 0 && pcid <= MAX_PCID)) badFill(`PCID ${pcid}`);
  if (!(Number.isInteger(rights) && (rights & ~ALL_RIGHTS) === 0)) badFill(`rights ${rights}`);
  const mapped = fill.mappedPageSize;
  if (mapped !== undefined && !(pageSizeClass(mapped) >= 0 && mapped > pageSize)) badFill(`mapped page size 0x${mapped.toString(16)} for a 0x${pageSize.toString(16)} entry`);
  return {
    vpid,
    pcid,
    global: fill.global,
    va,
    pageSize,
    physicalBase,
    rights,
    dirty: fill.dirty,
    pageBase: va & ~(pageSize - 1n),
    ...(mapped === undefined ? {} : { mappedPageSize: mapped }),
  };
}

function badFill(what: string): never {
  throw new Error(`vmlab internal error: TLB fill with ${what}`);
}
