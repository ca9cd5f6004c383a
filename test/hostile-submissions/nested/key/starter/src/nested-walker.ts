// The corpus key: the reference solution in student form (its imports rewritten to the handout substrate).
import { EPT_A, EPT_D, EPT_MEMTYPE_SHIFT, EPT_PS, EPT_QUAL_EXECUTABLE, EPT_QUAL_FETCH, EPT_QUAL_GLA_FINAL, EPT_QUAL_GLA_VALID, EPT_QUAL_READ, EPT_QUAL_READABLE, EPT_QUAL_WRITABLE, EPT_QUAL_WRITE, EPT_R, EPT_RESERVED_MEMTYPES, EPT_RWX, EPT_W, EPT_X, NPF_FINAL_TRANSLATION, NPF_GUEST_PAGE_TABLE } from '../../reference/paging/constants';
import { DEFAULT_MAX_PHYSICAL_ADDRESS_BITS, EXAMINED_ACCESSED, EXAMINED_DIRTY, EXAMINED_LEAF, EXAMINED_NOT_PRESENT, EXAMINED_PRESENT, EXAMINED_RESERVED, EntryFormat, EntryHalves, aboveMaxPhysicalMask, maskHalves, rememberLastByLevel } from '../../reference/paging/entry-format';
import { PagingGeometry, geometryForLevels, levelPageSize } from '../../reference/paging/geometry';
import { Access, AccessKind, NO_RIGHTS, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { GuestAdWrite, HostEntryReader, NestedAdWrite, NestedFault, NestedPagingConfig, NestedWalkResult, NestedWalkStage, TwoDReference } from '../../reference/nested/nested-types';
import { pageFaultErrorCode } from '../../reference/paging/page-fault';
import { TableWalkFault } from '../../reference/paging/walk-types';
import { x86Format } from '../../reference/paging/x86-format';
import { Gpa, Hpa } from '../../reference/addresses';
import { invariant } from '../../reference/errors';
import { AdWrite, EntryReader, TableWalkResult, walkTablesWithoutSteps } from '../../reference/paging/walk-tables';
import { GuestWalkRequest, GuestWalkResult, Walker } from '../../reference/paging/walker';
import { NestedWalker } from '../../reference/nested/nested-walker';

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
