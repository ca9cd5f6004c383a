// The corpus key: the reference solution in student form (its imports rewritten to the handout substrate).
import { EPT_A, EPT_D, EPT_MEMTYPE_SHIFT, EPT_PS, EPT_QUAL_EXECUTABLE, EPT_QUAL_FETCH, EPT_QUAL_GLA_FINAL, EPT_QUAL_GLA_VALID, EPT_QUAL_READ, EPT_QUAL_READABLE, EPT_QUAL_WRITABLE, EPT_QUAL_WRITE, EPT_R, EPT_RESERVED_MEMTYPES, EPT_RWX, EPT_W, EPT_X, NPF_FINAL_TRANSLATION, NPF_GUEST_PAGE_TABLE, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { DEFAULT_MAX_PHYSICAL_ADDRESS_BITS, EXAMINED_ACCESSED, EXAMINED_DIRTY, EXAMINED_LEAF, EXAMINED_NOT_PRESENT, EXAMINED_PRESENT, EXAMINED_RESERVED, EXAMINED_RIGHTS, EntryFormat, EntryHalves, aboveMaxPhysicalMask, maskHalves, pageAddress, rememberLastByLevel, tableAddress } from '../../reference/paging/entry-format';
import { ENTRIES_PER_TABLE, PagingGeometry, geometryForLevels, levelPageSize, pageNumberOf, pageTableIndex } from '../../reference/paging/geometry';
import { ALL_RIGHTS, Access, AccessKind, NO_RIGHTS, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, EntryReader, TableWalkFault, TableWalkResult, WalkStep } from '../../reference/paging/walk-types';
import { GuestAdWrite, HostEntryReader, NestedAdWrite, NestedFault, NestedPagingConfig, NestedWalkResult, NestedWalkStage, TwoDReference } from '../../reference/nested/nested-types';
import { pageFaultErrorCode } from '../../reference/paging/page-fault';
import { Gpa, Hpa } from '../../reference/addresses';
import { invariant } from '../../reference/errors';
import { GuestWalkRequest, GuestWalkResult, Walker } from '../../reference/paging/walker';
import { NestedWalker } from '../../reference/nested/nested-walker';

// ---- from reference/paging/x86-format.ts ----
export interface X86FormatOptions {
  /** EFER.NXE: bit 63 is NX when set, a reserved bit when clear. */
  readonly nxe: boolean;
  /** CR0.WP: supervisor writes honour RW when set. */
  readonly wp: boolean;
  /** MAXPHYADDR: entry bits from here to 51 are reserved. Default 46, as on many Intel server parts. */
  readonly maxPhysicalAddressBits?: number;
  /** CPUID Page1GB: 1 GiB pages allowed at the PDPT level. Default true. */
  readonly gigabytePages?: boolean;
}

// The bits of an entry's low half that the checks read, as numbers.
const P = Number(PTE_P);
const PS = Number(PTE_PS);
const A = Number(PTE_A);
const D = Number(PTE_D);
const RW_US = Number(PTE_RW | PTE_US);
/** NX (bit 63) in the entry's high half. */
const NX_HIGH = Number(PTE_NX >> 32n);

/** Rights granted by an entry's RW (bit 1) and US (bit 2), indexed by those two bits shifted down: US:RW. */
const RIGHTS_BY_US_RW: readonly number[] = [RIGHT_READ, RIGHT_READ | RIGHT_WRITE, RIGHT_READ | RIGHT_USER, RIGHT_READ | RIGHT_WRITE | RIGHT_USER];
/** Address bits 13 .. page size - 1 of a 2 MiB and a 1 GiB leaf (bit 12 is PAT there), all in the low half. */
const LARGE_PAGE_LOW_ADDRESS_2M = Number(levelPageSize(2) - 0x2000n);
const LARGE_PAGE_LOW_ADDRESS_1G = Number(levelPageSize(3) - 0x2000n);

/**
 * The x86-64 paging-structure entry format (SDM 4.5), also used by AMD's
 * nested page tables. Reserved-bit rules: bits MAXPHYADDR..51 always; bit 63
 * without EFER.NXE; PS at PML4/PML5 (and at PDPT without 1 GiB support); the
 * address bits of a large leaf below its page size, except bit 12 (PAT).
 * Every question is answered from the entry's two halves as numbers.
 */
export function x86Format(options: X86FormatOptions): EntryFormat {
  const [aboveLow, aboveHigh] = maskHalves(aboveMaxPhysicalMask(options.maxPhysicalAddressBits ?? DEFAULT_MAX_PHYSICAL_ADDRESS_BITS));
  const gigabytePages = options.gigabytePages ?? true;
  const { nxe, wp } = options;
  const bits = new EntryHalves();

  const largePageSupported = (level: number) => level === 2 || (level === 3 && gigabytePages);
  const leafAt = (level: number) => level === 1 || (bits.low & PS) !== 0;
  const hasNx = () => bits.high >= NX_HIGH; // high is unsigned: NX is its top bit

  const reasonAt = (level: number): string | null => {
    const { low, high } = bits;
    if (((low & aboveLow) | (high & aboveHigh)) !== 0) return 'physical-address bits above MAXPHYADDR';
    if (!nxe && hasNx()) return 'NX (bit 63) with EFER.NXE clear';
    if (level >= 2 && (low & PS) !== 0) {
      if (!largePageSupported(level)) return `PS at level ${level}`;
      if ((low & (level === 2 ? LARGE_PAGE_LOW_ADDRESS_2M : LARGE_PAGE_LOW_ADDRESS_1G)) !== 0) return 'large-page address bits below the page size';
    }
    return null;
  };
  const rightsOf = () => {
    const granted = RIGHTS_BY_US_RW[(bits.low & RW_US) >>> 1];
    return nxe && hasNx() ? granted : granted | RIGHT_EXECUTE;
  };

  return {
    name: 'x86',
    accessedBit: PTE_A,
    dirtyBit: PTE_D,
    reservedReason(entry, level) {
      bits.split(entry);
      return reasonAt(level);
    },
    examine: rememberLastByLevel((entry, level) => {
      bits.split(entry);
      const low = bits.low;
      if ((low & P) === 0) return EXAMINED_NOT_PRESENT;
      let facts = EXAMINED_PRESENT | rightsOf();
      if (reasonAt(level) !== null) facts |= EXAMINED_RESERVED;
      if (leafAt(level)) facts |= EXAMINED_LEAF;
      if ((low & A) !== 0) facts |= EXAMINED_ACCESSED;
      if ((low & D) !== 0) facts |= EXAMINED_DIRTY;
      return facts;
    }),
    permits(rights, access: Access) {
      if (access.user && (rights & RIGHT_USER) === 0) return false;
      if (access.kind === 'write' && (rights & RIGHT_WRITE) === 0 && (access.user || wp)) return false;
      if (access.kind === 'fetch' && (rights & RIGHT_EXECUTE) === 0) return false;
      return true;
    },
  };
}

// ---- from reference/paging/walk-tables.ts ----
export type { AdWrite, EntryReader, TableWalkFault, TableWalkResult, WalkStep } from './walk-types';

/** Byte offset of each of a table's entries, precomputed to keep BigInt() out of the loop. */
const ENTRY_OFFSETS: readonly bigint[] = Array.from({ length: ENTRIES_PER_TABLE }, (_, index) => BigInt(index * 8));

/**
 * The one walk loop (SDM 4.5 / 29.3.2). Pure: it reads entries through
 * `readEntry` and returns the A/D writes it wants instead of making them.
 *
 * Model choices, following DOMAIN.md:
 * - A non-leaf entry gets A as soon as the walk goes through it, even if a
 *   lower level then faults; the leaf gets A (and D on a write) only once the
 *   access has passed the permission check, so a faulting access never sets
 *   a leaf A/D bit.
 * - Reserved bits are checked at every present entry, top down; the first bad
 *   level wins. Rights are checked once, at the leaf, on their AND.
 *
 * Each entry is examined once (`EntryFormat.examine`); bigint arithmetic is
 * kept to building the addresses the walk reports.
 */
export function walkTables(
  geometry: PagingGeometry,
  format: EntryFormat,
  root: bigint,
  input: bigint,
  access: Access,
  readEntry: EntryReader,
): TableWalkResult {
  return walk(geometry, format, root, input, access, readEntry, []);
}

/**
 * `walkTables` without the steps (the result's `steps` is empty), for a caller
 * that records each entry itself as its reader returns it, as the 2D walk
 * does: it saves an object per level.
 */
export function walkTablesWithoutSteps(
  geometry: PagingGeometry,
  format: EntryFormat,
  root: bigint,
  input: bigint,
  access: Access,
  readEntry: EntryReader,
): TableWalkResult {
  return walk(geometry, format, root, input, access, readEntry, null);
}

const NO_STEPS: readonly WalkStep[] = Object.freeze([]);

function walk(
  geometry: PagingGeometry,
  format: EntryFormat,
  root: bigint,
  input: bigint,
  access: Access,
  readEntry: EntryReader,
  stepsOrNull: WalkStep[] | null,
): TableWalkResult {
  const steps = stepsOrNull ?? NO_STEPS;
  const adWrites: AdWrite[] = [];
  let table = root;
  let rights = ALL_RIGHTS;
  const inputPage = pageNumberOf(input);

  // No loop condition: an entry at level 1 is always a leaf, so the walk returns by then.
  for (let level = geometry.levels; ; level--) {
    const index = pageTableIndex(inputPage, level);
    const entryAddress = table + ENTRY_OFFSETS[index];
    const entry = readEntry(entryAddress, level);
    if (entry === null) return { ok: false, fault: { kind: 'access-failed', level }, rights, steps, adWrites };
    if (stepsOrNull !== null) stepsOrNull.push({ level, index, entryAddress, entry });

    const facts = format.examine(entry, level);
    if ((facts & EXAMINED_PRESENT) === 0) return { ok: false, fault: { kind: 'not-present', level }, rights: NO_RIGHTS, steps, adWrites };
    if ((facts & EXAMINED_RESERVED) !== 0) {
      return { ok: false, fault: { kind: 'reserved', level, reason: format.reservedReason(entry, level)! }, rights, steps, adWrites };
    }
    rights &= facts & EXAMINED_RIGHTS;

    if ((facts & EXAMINED_LEAF) !== 0) {
      if (!format.permits(rights, access)) {
        return { ok: false, fault: { kind: 'protection', level, rights }, rights, steps, adWrites };
      }
      const setAccessed = (facts & EXAMINED_ACCESSED) === 0;
      const setDirty = access.kind === 'write' && (facts & EXAMINED_DIRTY) === 0;
      if (setAccessed || setDirty) {
        adWrites.push({ level, entryAddress, bits: (setAccessed ? format.accessedBit : 0n) | (setDirty ? format.dirtyBit : 0n) });
      }
      const pageSize = levelPageSize(level);
      const address = pageAddress(entry, level) | (input & (pageSize - 1n));
      return { ok: true, address, pageSize, leafLevel: level, rights, steps, adWrites };
    }

    if ((facts & EXAMINED_ACCESSED) === 0) adWrites.push({ level, entryAddress, bits: format.accessedBit });
    table = tableAddress(entry);
  }
}

// ---- from reference/paging/ept-format.ts ----
export interface EptFormatOptions {
  /** EPTP bit 6: the processor maintains EPT A/D bits (Haswell and later). */
  readonly accessedDirty: boolean;
  /** IA32_VMX_EPT_VPID_CAP bit 0: execute-only (X without R) entries allowed. */
  readonly executeOnly: boolean;
  readonly maxPhysicalAddressBits?: number;
}

// The bits of an entry's low half that the checks read, as numbers.
const R = Number(EPT_R);
const W = Number(EPT_W);
const X = Number(EPT_X);
const RWX = Number(EPT_RWX);
const PS = Number(EPT_PS);
const A = Number(EPT_A);
const D = Number(EPT_D);
const MEMTYPE_SHIFT = Number(EPT_MEMTYPE_SHIFT);
/** Bits 7:3, reserved in an entry that points to a table. */
const NON_LEAF_RESERVED = 0xf8;

/**
 * Rights by an entry's XWR bits; EPT has no user/supervisor distinction, so
 * every entry grants "user". W without R is a misconfiguration: the walk
 * stops there and never uses its rights.
 */
const RIGHTS_BY_XWR: readonly number[] = [
  RIGHT_USER,
  RIGHT_USER | RIGHT_READ,
  NO_RIGHTS,
  RIGHT_USER | RIGHT_READ | RIGHT_WRITE,
  RIGHT_USER | RIGHT_EXECUTE,
  RIGHT_USER | RIGHT_READ | RIGHT_EXECUTE,
  NO_RIGHTS,
  RIGHT_USER | RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE,
];
const EPT_RESERVED_MEMORY_TYPES: ReadonlySet<number> = new Set(EPT_RESERVED_MEMTYPES.map(Number));
/** Address bits 12 .. page size - 1 of a 2 MiB and a 1 GiB leaf: reserved (EPT has no PAT bit there). All in the low half. */
const LARGE_PAGE_LOW_ADDRESS_2M = Number(levelPageSize(2) - 0x1000n);
const LARGE_PAGE_LOW_ADDRESS_1G = Number(levelPageSize(3) - 0x1000n);

/**
 * The EPT entry format (SDM 29.3.2). A misconfiguration (SDM 29.3.3.1) is a
 * present entry that is malformed: W without R, X-only without support, a
 * reserved memory type in a leaf, reserved bits (7:3 of a non-leaf entry, PS
 * at the top level, address bits above MAXPHYADDR or below a large page).
 * Every question is answered from the entry's two halves as numbers.
 */
export function eptFormat(options: EptFormatOptions): EntryFormat {
  const [aboveLow, aboveHigh] = maskHalves(aboveMaxPhysicalMask(options.maxPhysicalAddressBits ?? DEFAULT_MAX_PHYSICAL_ADDRESS_BITS));
  const { executeOnly, accessedDirty } = options;
  const bits = new EntryHalves();

  const leafAt = (level: number) => level === 1 || ((level === 2 || level === 3) && (bits.low & PS) !== 0);
  const reasonAt = (level: number): string | null => {
    const { low, high } = bits;
    const xwr = low & RWX;
    if ((xwr & W) !== 0 && (xwr & R) === 0) return 'write without read';
    if (xwr === X && !executeOnly) return 'execute-only not supported';
    if (((low & aboveLow) | (high & aboveHigh)) !== 0) return 'physical-address bits above MAXPHYADDR';
    const pageSize = (low & PS) !== 0;
    if (level >= 4 && pageSize) return `PS at level ${level}`;
    if (level === 1 || pageSize) {
      const memoryType = (low >> MEMTYPE_SHIFT) & 7;
      if (EPT_RESERVED_MEMORY_TYPES.has(memoryType)) return `reserved memory type ${memoryType}`;
      if (level === 2 && (low & LARGE_PAGE_LOW_ADDRESS_2M) !== 0) return 'large-page address bits below the page size';
      if (level === 3 && (low & LARGE_PAGE_LOW_ADDRESS_1G) !== 0) return 'large-page address bits below the page size';
    } else if ((low & NON_LEAF_RESERVED) !== 0) {
      return 'reserved bits 7:3 of a non-leaf entry';
    }
    return null;
  };

  return {
    name: 'ept',
    accessedBit: EPT_A,
    dirtyBit: EPT_D,
    reservedReason(entry, level) {
      bits.split(entry);
      return reasonAt(level);
    },
    examine: rememberLastByLevel((entry, level) => {
      bits.split(entry);
      const xwr = bits.low & RWX;
      if (xwr === 0) return EXAMINED_NOT_PRESENT;
      let facts = EXAMINED_PRESENT | RIGHTS_BY_XWR[xwr];
      if (reasonAt(level) !== null) facts |= EXAMINED_RESERVED;
      if (leafAt(level)) facts |= EXAMINED_LEAF;
      // Without EPT A/D enabled, A and D never need setting.
      if (!accessedDirty || (bits.low & A) !== 0) facts |= EXAMINED_ACCESSED;
      if (!accessedDirty || (bits.low & D) !== 0) facts |= EXAMINED_DIRTY;
      return facts;
    }),
    permits(rights, access: Access) {
      const needed = access.kind === 'read' ? RIGHT_READ : access.kind === 'write' ? RIGHT_WRITE : RIGHT_EXECUTE;
      return (rights & needed) !== 0;
    },
  };
}

// ---- from reference/nested/nested-access.ts ----
/** User-mode accesses of each kind: under NPT every nested access is one (APM 15.25.5). */
export const NESTED_USER_ACCESS: Readonly<Record<AccessKind, Access>> = Object.freeze({
  read: Object.freeze({ kind: 'read', user: true }),
  write: Object.freeze({ kind: 'write', user: true }),
  fetch: Object.freeze({ kind: 'fetch', user: true }),
});

/**
 * How the nested walk sees the hardware's read of a guest page-table entry:
 * under EPT a read, but a write when EPT A/D is enabled (SDM 28.2.4: so the
 * processor may set the guest's A/D bits); under NPT always a user write.
 * EPT has no user/supervisor distinction and ignores `user`, so one set of
 * user accesses serves both formats.
 */
export function nestedTableAccess(config: NestedPagingConfig): Access {
  return config.format === 'npt' || config.accessedDirty ? NESTED_USER_ACCESS.write : NESTED_USER_ACCESS.read;
}

/** How the nested walk sees the final data access: the guest's own kind (as a user access under NPT). */
export function nestedFinalAccess(config: NestedPagingConfig, guestAccess: Access): Access {
  return config.format === 'npt' ? NESTED_USER_ACCESS[guestAccess.kind] : guestAccess;
}

// ---- from reference/nested/nested-faults.ts ----
export interface EptViolationInput {
  /** The access as EPT saw it: the guest's own for the final gPA; read, or write with EPT A/D, for a guest page-table entry. */
  readonly access: AccessKind;
  /** AND of the R/W/X rights over the EPT entries walked (RIGHT_* bits); 0 when an entry was not present. */
  readonly rights: number;
  readonly stage: NestedWalkStage;
}

/**
 * The exit qualification of an EPT violation (SDM 28.2.1, table 28-7).
 * Bit 7 is always set: every access in this model comes from a guest linear
 * address. A guest page-table access treated as a write (EPT A/D on) sets
 * both bits 0 and 1, as the table's footnote says.
 */
export function eptViolationQualification({ access, rights, stage }: EptViolationInput): number {
  let qualification = EPT_QUAL_GLA_VALID;
  if (access === 'read') qualification |= EPT_QUAL_READ;
  else if (access === 'write') qualification |= EPT_QUAL_WRITE | (stage === 'guest-table' ? EPT_QUAL_READ : 0);
  else qualification |= EPT_QUAL_FETCH;
  if (rights & RIGHT_READ) qualification |= EPT_QUAL_READABLE;
  if (rights & RIGHT_WRITE) qualification |= EPT_QUAL_WRITABLE;
  if (rights & RIGHT_EXECUTE) qualification |= EPT_QUAL_EXECUTABLE;
  if (stage === 'final') qualification |= EPT_QUAL_GLA_FINAL;
  return qualification;
}

export interface NptExitInput {
  readonly fault: TableWalkFault;
  /** The access as the nested walk saw it: the guest's kind for the final gPA; write for a guest page-table entry. */
  readonly access: AccessKind;
  readonly stage: NestedWalkStage;
}

/**
 * EXITINFO1 of a #NPF (APM 15.25.6): the #PF error code the nested walk would
 * raise (always with U, since nested accesses are user accesses, and I/D on a
 * fetch, since nested tables run with NX enabled), plus bit 32 for the final
 * translation or bit 33 for a guest page-table access.
 */
export function nptExitInfo1({ fault, access, stage }: NptExitInput): bigint {
  const errorCode = BigInt(pageFaultErrorCode(fault, NESTED_USER_ACCESS[access], true));
  return errorCode | (stage === 'final' ? NPF_FINAL_TRANSLATION : NPF_GUEST_PAGE_TABLE);
}

// ---- from reference/nested/nested-format.ts ----
/**
 * AMD NPT tables are ordinary x86-64 tables. The model runs them with NX
 * enabled and CR0.WP set; WP never matters, since every nested access is a
 * user access.
 */
const NPT_FORMAT = x86Format({ nxe: true, wp: true });

/** EPT formats by (A/D enable, execute-only support), built once. */
const EPT_FORMATS: readonly EntryFormat[] = [
  eptFormat({ accessedDirty: false, executeOnly: false }),
  eptFormat({ accessedDirty: true, executeOnly: false }),
  eptFormat({ accessedDirty: false, executeOnly: true }),
  eptFormat({ accessedDirty: true, executeOnly: true }),
];

/** The entry format of the nested tables a config describes. */
export function nestedEntryFormat(config: NestedPagingConfig): EntryFormat {
  if (config.format === 'npt') return NPT_FORMAT;
  return EPT_FORMATS[(config.accessedDirty ? 1 : 0) | (config.executeOnly === false ? 0 : 2)];
}

// ---- from reference/nested/reference-nested-walker.ts ----
/**
 * The reference 2D walk: composition, not a second walk loop. The guest
 * walker runs unchanged with an entry reader that translates each entry's gPA
 * through the nested tables (the shared walk loop in the nested format) and
 * then reads the entry from host memory; a failed nested walk makes that read
 * fail, which stops the guest walk. A successful guest walk's data gPA then
 * goes through the nested walk with the real access.
 *
 * Model choices: the guest's A/D writes are reported even when the final
 * translation faults (the guest walk, which sets them, comes first); the
 * nested A/D writes of a failed nested walk (A on the non-leaf entries it
 * passed) are reported too; an entry several nested walks use is reported
 * once, with only the bits not already wanted.
 */
export const nestedWalker: NestedWalker = {
  walk(request, hostMemory, guestWalker) {
    return new TwoDWalk(request.nested, hostMemory).run(request.guest, guestWalker);
  },
};

/** The state of one 2D walk; its two readers are the only closures a walk creates. */
class TwoDWalk {
  private readonly references: TwoDReference[] = [];
  private readonly nestedAdWrites: NestedAdWrite[] = [];
  private readonly format: EntryFormat;
  private readonly geometry: PagingGeometry;
  private readonly tableAccess: Access;
  private fault: NestedFault | null = null;
  private row = 0;
  private column = 0;
  /**
   * The nested entry last read in each column. Consecutive rows usually share
   * their upper nested entries (guest tables sit close together), and nothing
   * writes memory during a walk, so a repeated read can take the value already
   * read: it is still reported as a reference, it only skips the host read.
   * An empty slot matches no address.
   */
  private readonly lastAddressByColumn: bigint[] = [];
  private readonly lastEntryByColumn: bigint[] = [];

  constructor(
    private readonly config: NestedPagingConfig,
    private readonly host: HostEntryReader,
  ) {
    this.format = nestedEntryFormat(config);
    this.geometry = geometryForLevels(config.levels);
    this.tableAccess = nestedTableAccess(config);
  }

  run(guestRequest: GuestWalkRequest, guestWalker: Walker): NestedWalkResult {
    const guest = guestWalker.walk(guestRequest, this.readGuestEntry);
    const guestAdWrites = this.locateGuestAdWrites(guest.adWrites);
    if (this.fault !== null) return this.failure(this.fault, guestAdWrites);
    if (!guest.ok) return this.failure(guestFault(guest, guestRequest), guestAdWrites);

    const data = this.translate(guest.address, nestedFinalAccess(this.config, guestRequest.access), 'final', undefined);
    if (data === null) return this.failure(this.fault!, guestAdWrites);
    return {
      ok: true,
      gpa: guest.address as Gpa,
      hpa: data.address as Hpa,
      pageSize: guest.pageSize < data.pageSize ? guest.pageSize : data.pageSize,
      rights: guest.rights & data.rights,
      references: this.references,
      guestAdWrites,
      nestedAdWrites: this.nestedAdWrites,
    };
  }

  /** One guest entry: the nested walk of its gPA (columns 0..m-1), then the entry itself (column m). */
  private readonly readGuestEntry: EntryReader = (gpa, level) => {
    const translation = this.translate(gpa, this.tableAccess, 'guest-table', level);
    if (translation === null) return null;
    const address = translation.address as Hpa;
    const entry = this.host.readEntry(address);
    this.references.push({ dimension: 'guest', row: this.row, column: this.column, address, gpa: gpa as Gpa, level, entry });
    this.row++;
    this.column = 0;
    return entry;
  };

  /** One nested entry, recorded as the next reference of the current row. */
  private readonly readNestedEntry: EntryReader = (address, level) => {
    const column = this.column;
    let entry: bigint;
    if (this.lastAddressByColumn[column] === address) {
      entry = this.lastEntryByColumn[column];
    } else {
      entry = this.host.readEntry(address);
      this.lastAddressByColumn[column] = address;
      this.lastEntryByColumn[column] = entry;
    }
    this.references.push({ dimension: 'nested', row: this.row, column, address: address as Hpa, level, entry });
    this.column = column + 1;
    return entry;
  };

  /** The nested walk of one gPA; on failure, records the fault and returns null. */
  private translate(gpa: bigint, access: Access, stage: NestedWalkStage, guestLevel: number | undefined): Extract<TableWalkResult, { ok: true }> | null {
    const result = walkTablesWithoutSteps(this.geometry, this.format, this.config.root, gpa, access, this.readNestedEntry);
    this.addNestedAdWrites(result.adWrites);
    if (result.ok) return result;

    const { fault } = result;
    invariant(fault.kind !== 'access-failed', 'a host-memory read cannot fail');
    const where = { gpa: gpa as Gpa, stage, guestLevel, nestedLevel: fault.level };
    if (this.config.format === 'npt') {
      this.fault = { kind: 'npt-fault', ...where, exitInfo1: nptExitInfo1({ fault, access: access.kind, stage }) };
    } else if (fault.kind === 'reserved') {
      this.fault = { kind: 'ept-misconfig', ...where, reason: fault.reason };
    } else {
      this.fault = { kind: 'ept-violation', ...where, qualification: eptViolationQualification({ access: access.kind, rights: result.rights, stage }) };
    }
    return null;
  }

  /**
   * Nested walks share entries (every walk passes the same root entry), and
   * the hardware sets a bit only once: keep only the bits no earlier write of
   * this walk already wants.
   */
  private addNestedAdWrites(writes: readonly AdWrite[]): void {
    for (const write of writes) {
      let bits = write.bits;
      for (const earlier of this.nestedAdWrites) if (earlier.hpa === write.entryAddress) bits &= ~earlier.bits;
      if (bits !== 0n) this.nestedAdWrites.push({ level: write.level, hpa: write.entryAddress as Hpa, bits });
    }
  }

  /** Guest A/D writes name guest entries by gPA; their hPAs are the ones the guest reads used. */
  private locateGuestAdWrites(writes: readonly AdWrite[]): GuestAdWrite[] {
    if (writes.length === 0) return [];
    return writes.map((write) => ({ level: write.level, gpa: write.entryAddress as Gpa, hpa: this.guestEntryHpa(write.entryAddress), bits: write.bits }));
  }

  /** Where the guest read found the entry at `gpa` (the first such read). */
  private guestEntryHpa(gpa: bigint): Hpa {
    for (const reference of this.references) if (reference.dimension === 'guest' && reference.gpa === gpa) return reference.address;
    // Not `invariant`: its message would be formatted on every call.
    throw new Error(`vmlab internal error: the guest walker wants A/D bits in 0x${gpa.toString(16)}, an entry it never read`);
  }

  private failure(fault: NestedFault, guestAdWrites: readonly GuestAdWrite[]): NestedWalkResult {
    return { ok: false, fault, references: this.references, guestAdWrites, nestedAdWrites: this.nestedAdWrites };
  }
}

/** A fault of the guest's own tables: #GP for a non-canonical address, otherwise #PF with its error code. */
function guestFault(guest: Extract<GuestWalkResult, { ok: false }>, request: GuestWalkRequest): NestedFault {
  const { fault } = guest;
  invariant(fault.kind !== 'access-failed', 'the guest walk reported a failed read that no nested walk caused');
  if (fault.kind === 'non-canonical') return { kind: 'guest-fault', fault };
  return { kind: 'guest-fault', fault, errorCode: pageFaultErrorCode(fault, request.access, request.control.nxe) };
}
