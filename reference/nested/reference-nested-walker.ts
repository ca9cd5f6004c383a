import { Gpa, Hpa } from '../addresses';
import { invariant } from '../errors';
import { EntryFormat } from '../paging/entry-format';
import { PagingGeometry, geometryForLevels } from '../paging/geometry';
import { pageFaultErrorCode } from '../paging/page-fault';
import { Access, RIGHT_WRITE } from '../paging/rights';
import { AdWrite, EntryReader, TableWalkResult, walkTablesWithoutSteps } from '../paging/walk-tables';
import { GuestWalkRequest, GuestWalkResult, Walker } from '../paging/walker';
import { nestedFinalAccess, nestedTableAccess } from './nested-access';
import { eptViolationQualification, nptExitInfo1 } from './nested-faults';
import { nestedEntryFormat } from './nested-format';
import {
  GuestAdWrite,
  HostEntryReader,
  NestedAdWrite,
  NestedFault,
  NestedPagingConfig,
  NestedWalkResult,
  NestedWalkStage,
  TwoDReference,
} from './nested-types';
import { NestedWalker } from './nested-walker';

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
export const referenceNestedWalker: NestedWalker = {
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
  /** Each guest entry read: its gPA and level, the EPT rights and leaf level of its page, and how many references the walk had made by then. */
  private readonly guestReads: { gpa: bigint; level: number; rights: number; nestedLevel: number; referencesAfter: number }[] = [];
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
    // audit-equivalent(logical ||, constant 2): with EPT A/D on (or under NPT) guest tables are walked as writes, so every page read has W and nothing is refused; any negative index means none
    const refused = this.config.format === 'ept' && !this.config.accessedDirty ? this.firstRefusedAdWrite(guestAdWrites) : -1;
    if (refused >= 0) return this.adWriteViolation(guestAdWrites, refused);
    if (!guest.ok) return this.failure(guestFault(guest, guestRequest), guestAdWrites);

    const data = this.translate(guest.address, nestedFinalAccess(this.config, guestRequest.access), 'final', undefined);
    if (data === null) return this.failure(this.fault!, guestAdWrites);
    return {
      ok: true,
      gpa: guest.address as Gpa,
      hpa: data.address as Hpa,
      // audit-equivalent(relational <=): equal sizes give the same size either way
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
    this.guestReads.push({ gpa, level, rights: translation.rights, nestedLevel: translation.leafLevel, referencesAfter: this.references.length });
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
      // audit-equivalent(removed-statement): a cache of the last read: without it every read goes to memory and finds the same entry
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

  /**
   * Without EPT A/D the hardware reads guest entries as reads, but setting a
   * guest entry's A or D is a data write (SDM 29.3.3.2: "writes by the
   * logical processor to guest paging structures to update accessed and
   * dirty flags are considered to be data writes"): the index, in walk
   * order, of the first guest A/D write whose page the EPT does not let the
   * walk write, or -1.
   */
  private firstRefusedAdWrite(writes: readonly GuestAdWrite[]): number {
    // audit-equivalent(constant 2): any negative index means none
    let first = -1;
    let firstRead = Infinity;
    writes.forEach((write, index) => {
      const read = this.guestReads.findIndex((candidate) => candidate.gpa === write.gpa);
      // audit-equivalent(relational <=): two writes with one read are the same entry's: the same violation either way
      if (read >= 0 && read < firstRead && (this.guestReads[read].rights & RIGHT_WRITE) === 0) {
        first = index;
        firstRead = read;
      }
    });
    return first;
  }

  /**
   * The EPT violation of a refused guest A/D write. The processor sets A as
   * it walks, so the walk stops at that entry: the references after its read
   * and the A/D writes of later entries never happen; earlier entries' writes
   * did (model choice, stated in the README).
   */
  private adWriteViolation(guestAdWrites: readonly GuestAdWrite[], refused: number): NestedWalkResult {
    const write = guestAdWrites[refused];
    const readIndex = this.guestReads.findIndex((candidate) => candidate.gpa === write.gpa);
    const read = this.guestReads[readIndex];
    this.references.length = read.referencesAfter;
    const earlier = new Set(this.guestReads.slice(0, readIndex).map((candidate) => candidate.gpa));
    const fault: NestedFault = {
      kind: 'ept-violation',
      gpa: write.gpa,
      stage: 'guest-table',
      guestLevel: read.level,
      nestedLevel: read.nestedLevel,
      qualification: eptViolationQualification({ access: 'write', rights: read.rights, stage: 'guest-table' }),
    };
    return this.failure(fault, guestAdWrites.filter((candidate) => earlier.has(candidate.gpa)));
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
