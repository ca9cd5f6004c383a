import { Gpa, Hpa } from '../../../reference/addresses';
import { GuestAdWrite, NestedAdWrite, NestedFault, NestedWalkResult, NestedWalkStage, TwoDReference } from '../../../reference/nested/nested-types';
import { NestedWalker } from '../../../reference/nested/nested-walker';
import { AccessKind, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../../reference/paging/rights';

/**
 * A nested walker written from spec.md alone, the way a student would, with
 * no code shared with the reference beyond the interface types: the entry
 * bits, masks, checks and exit information are spelled out here. With no
 * bugs it must agree with the reference on every case of every suite (two
 * independent readings of the rules). Each bug is one mistake a student
 * makes, breaking one rule of the spec; the public suite must catch each.
 */
export interface NestedWalkerBugs {
  // The 2D walk: order, counts and translation.
  /** Records the guest entry of a row before the nested references that locate it. */
  guestEntryFirst: boolean;
  /** Numbers the columns from 1. */
  columnsFromOne: boolean;
  /** Numbers guest levels from the leaf: row i is level n - i, n the guest entries read (the old spec's wording). */
  guestLevelFromRowCount: boolean;
  /** Skips nested references that repeat the row above's entry in the same column (a paging-structure cache). */
  cachesRepeatedNestedEntries: boolean;
  /** Returns the data gPA as the hPA: the final nested walk never happens. */
  skipsFinalTranslation: boolean;
  /** Indexes nested level L with bits 12 + 9L (one level too high). */
  nestedIndexOffByOne: boolean;
  /** Keeps only 12 offset bits below a large nested page. */
  nestedLargePageOffsetAs4K: boolean;
  /** Reports the guest page size, not the smaller of the two. */
  pageSizeFromGuestOnly: boolean;
  /** Reports the guest rights alone, not ANDed with the final nested walk's. */
  rightsFromGuestOnly: boolean;
  // EPT violations and misconfigurations.
  /** Checks an EPT entry's well-formedness before its presence. */
  misconfigBeforePresence: boolean;
  /** Takes the EPT rights of the leaf alone instead of the AND over the levels. */
  eptRightsFromLeafOnly: boolean;
  /** Checks the rights at every EPT level and stops at the first that refuses. */
  eptRightsAtEveryLevel: boolean;
  /** Never sets qualification bit 7 (guest linear address valid). */
  qualificationWithoutLinearValid: boolean;
  /** Sets qualification bit 8 for guest page-table accesses too. */
  qualificationFinalBitAlways: boolean;
  /** Leaves out qualification bits 3-5. */
  qualificationWithoutRights: boolean;
  /** Sets only bit 1 for a guest page-table access that is a write (not bits 0 and 1). */
  tableWriteWithoutReadBit: boolean;
  /** Reads guest tables as reads even with EPT A/D on. */
  tableAccessReadUnderEptAd: boolean;
  /** With EPT A/D off, lets the walk set guest A/D on pages the EPT maps without W. */
  guestAdUpdateNotAWrite: boolean;
  /** Takes a missing `executeOnly` as false. */
  executeOnlyDefaultsFalse: boolean;
  /** Checks bits 6:3 of a table pointer, and PS nowhere at the top: PS at level 4 walks on. */
  eptNonLeafReservedSixToThree: boolean;
  /** Does not check the address bits below a large EPT page. */
  eptLargePageLowBitsUnchecked: boolean;
  /** Does not check the address bits above MAXPHYADDR. */
  maxPhysicalAddressUnchecked: boolean;
  /** Checks the memory type of 4 KiB leaves only, not of 2 MiB and 1 GiB ones. */
  memoryTypeCheckedAt4KOnly: boolean;
  // Accessed and dirty bits.
  /** Reports each nested entry at most once: a later D after an earlier A is dropped. */
  nestedAdOncePerEntry: boolean;
  /** Reports every row's nested A/D writes, repeating the entries rows share. */
  nestedAdPerRow: boolean;
  /** Sets A in a nested leaf whose rights refuse the access. */
  nestedLeafAccessedWhenRefused: boolean;
  /** Asks for D in a nested leaf on every access, reads and fetches too. */
  nestedDirtyOnRead: boolean;
  /** Drops the nested A/D writes of a nested walk that faults. */
  nestedAdDroppedOnFault: boolean;
  /** Reports guest A/D writes with the gPA as the hPA. */
  guestAdAtGpa: boolean;
  /** Drops the guest A/D writes when the walk ends in a nested fault. */
  guestAdDroppedOnExit: boolean;
  /** Sets EPT A/D bits even with EPTP bit 6 clear. */
  eptAdWithoutEnable: boolean;
  // Guest faults.
  /** Leaves U out of a guest #PF error code. */
  guestErrorCodeWithoutUser: boolean;
  /** Turns a fault of the guest's own tables into an exit at the faulting guest entry's gPA. */
  guestFaultAsExit: boolean;
  /** Gives a non-canonical address a #PF error code. */
  nonCanonicalWithErrorCode: boolean;
  // AMD NPT.
  /** Walks NPT with the guest's user/supervisor bit. */
  nptAccessAsGuestPrivilege: boolean;
  /** Reads guest tables under NPT as reads. */
  nptTableAccessAsRead: boolean;
  /** Keeps NPT A/D only when accessedDirty is set. */
  nptAdOnlyWhenEnabled: boolean;
  /** Lets bit 8 of a nested PML4E (Intel's rule). */
  nptTopBit8Allowed: boolean;
  /** Swaps EXITINFO1 bits 32 and 33. */
  nptStageBitsSwapped: boolean;
  /** Leaves out RSVD in EXITINFO1. */
  nptExitInfoWithoutReserved: boolean;
}

export type NestedWalkerBug = keyof NestedWalkerBugs;

// EPT entry bits (SDM 29.3.2).
const EPT_R = 1n;
const EPT_W = 2n;
const EPT_X = 4n;
const EPT_MEMORY_TYPE = 0x38n;
const EPT_A = 1n << 8n;
const EPT_D = 1n << 9n;
// x86 entry bits (NPT).
const P = 1n;
const RW = 2n;
const US = 4n;
const X86_A = 1n << 5n;
const X86_D = 1n << 6n;
const BIT_8 = 1n << 8n;
const NX = 1n << 63n;
const PS = 1n << 7n;
/** Bits 51:12: a table's or page's address. */
const ADDRESS = 0x000f_ffff_ffff_f000n;
/** Bits 51:46, above MAXPHYADDR = 46. */
const ABOVE_MAX_PHYSICAL = 0x000f_c000_0000_0000n;
// Exit qualification bits (SDM table 28-7) and #PF/EXITINFO1 bits (APM 15.25.6).
const Q_READ = 0x1;
const Q_WRITE = 0x2;
const Q_FETCH = 0x4;
const Q_LINEAR_VALID = 0x80;
const Q_FINAL = 0x100;
const PF_P = 1;
const PF_W = 2;
const PF_U = 4;
const PF_RSVD = 8;
const PF_ID = 16;
const NPF_FINAL = 1n << 32n;
const NPF_TABLE = 1n << 33n;

const pageSizeAt = (level: number) => 1n << BigInt(12 + 9 * (level - 1));

interface NestedAccess {
  readonly kind: AccessKind;
  readonly user: boolean;
}

interface Translation {
  readonly hpa: bigint;
  readonly pageSize: bigint;
  readonly rights: number;
  readonly leafLevel: number;
}

export function sketchNestedWalker(bugList: readonly NestedWalkerBug[] = []): NestedWalker {
  const bug = (name: NestedWalkerBug) => bugList.includes(name);
  return {
    walk({ guest, nested }, host, guestWalker): NestedWalkResult {
      const ept = nested.format === 'ept';
      const eptAd = nested.accessedDirty || bug('eptAdWithoutEnable');
      const keepsAd = ept ? eptAd : nested.accessedDirty || !bug('nptAdOnlyWhenEnabled');
      const executeOnly = nested.executeOnly ?? !bug('executeOnlyDefaultsFalse');
      const references: TwoDReference[] = [];
      const nestedAdWrites: NestedAdWrite[] = [];
      const tableReads: { gpa: bigint; level: number; hpa: bigint; rights: number; leafLevel: number; referencesAfter: number }[] = [];
      let row = 0;
      let column = 0;
      /** The nested fault that stopped the walk (a holder: the readers set it inside closures). */
      const stopped: { fault: NestedFault | null } = { fault: null };
      /** The nested entry address read in each column of the row above, for `cachesRepeatedNestedEntries`. */
      let previousRow: bigint[] = [];
      let currentRow: bigint[] = [];

      const wantNestedBits = (level: number, hpa: bigint, bits: bigint, pending: NestedAdWrite[]) => {
        if (bits !== 0n) pending.push({ level, hpa: hpa as Hpa, bits });
      };
      const addNestedAd = (writes: NestedAdWrite[]) => {
        for (const write of writes) {
          let bits = write.bits;
          if (bug('nestedAdOncePerEntry')) {
            if (nestedAdWrites.some((earlier) => earlier.hpa === write.hpa)) continue;
          } else if (!bug('nestedAdPerRow')) {
            for (const earlier of nestedAdWrites) if (earlier.hpa === write.hpa) bits &= ~earlier.bits;
          }
          if (bits !== 0n) nestedAdWrites.push({ ...write, bits });
        }
      };

      /** Why a present EPT entry is malformed at `level`, or null. */
      const eptMalformed = (entry: bigint, level: number, leaf: boolean): boolean => {
        const xwr = entry & 7n;
        if (xwr === EPT_W || xwr === (EPT_W | EPT_X)) return true;
        if (xwr === EPT_X && !executeOnly) return true;
        if (!bug('maxPhysicalAddressUnchecked') && (entry & ABOVE_MAX_PHYSICAL) !== 0n) return true;
        const memoryType = (entry & EPT_MEMORY_TYPE) >> 3n;
        if (leaf) {
          const reservedType = memoryType === 2n || memoryType === 3n || memoryType === 7n;
          if (reservedType && (level === 1 || !bug('memoryTypeCheckedAt4KOnly'))) return true;
          if (!bug('eptLargePageLowBitsUnchecked') && level >= 2 && (entry & (pageSizeAt(level) - 1n) & ~0xfffn) !== 0n) return true;
          return false;
        }
        if (bug('eptNonLeafReservedSixToThree')) return (entry & 0x78n) !== 0n;
        return (entry & 0xf8n) !== 0n;
      };

      /** Is a present NPT (x86) entry malformed at `level`? */
      const nptMalformed = (entry: bigint, level: number): boolean => {
        if (!bug('maxPhysicalAddressUnchecked') && (entry & ABOVE_MAX_PHYSICAL) !== 0n) return true;
        if (level >= 4 && (entry & PS) !== 0n) return true;
        if (level >= 4 && !bug('nptTopBit8Allowed') && (entry & BIT_8) !== 0n) return true;
        if ((level === 2 || level === 3) && (entry & PS) !== 0n && (entry & (pageSizeAt(level) - 1n) & ~0x1fffn) !== 0n) return true;
        return false;
      };

      const eptRights = (entry: bigint) => RIGHT_USER | (entry & EPT_R ? RIGHT_READ : 0) | (entry & EPT_W ? RIGHT_WRITE : 0) | (entry & EPT_X ? RIGHT_EXECUTE : 0);
      const nptRights = (entry: bigint) => RIGHT_READ | (entry & RW ? RIGHT_WRITE : 0) | (entry & US ? RIGHT_USER : 0) | (entry & NX ? 0 : RIGHT_EXECUTE);
      const permits = (rights: number, access: NestedAccess) => {
        if (!ept && access.user && (rights & RIGHT_USER) === 0) return false;
        const needed = access.kind === 'read' ? RIGHT_READ : access.kind === 'write' ? RIGHT_WRITE : RIGHT_EXECUTE;
        return (rights & needed) !== 0;
      };

      const qualification = (kind: AccessKind, rights: number, stage: NestedWalkStage) => {
        let q = bug('qualificationWithoutLinearValid') ? 0 : Q_LINEAR_VALID;
        if (kind === 'read') q |= Q_READ;
        else if (kind === 'fetch') q |= Q_FETCH;
        else q |= Q_WRITE | (stage === 'guest-table' && !bug('tableWriteWithoutReadBit') ? Q_READ : 0);
        if (!bug('qualificationWithoutRights')) q |= ((rights & RIGHT_READ ? 1 : 0) | (rights & RIGHT_WRITE ? 2 : 0) | (rights & RIGHT_EXECUTE ? 4 : 0)) << 3;
        if (stage === 'final' || bug('qualificationFinalBitAlways')) q |= Q_FINAL;
        return q;
      };
      const exitInfo1 = (kind: 'not-present' | 'reserved' | 'protection', access: NestedAccess, stage: NestedWalkStage) => {
        let code = 0;
        if (kind !== 'not-present') code |= PF_P;
        if (kind === 'reserved' && !bug('nptExitInfoWithoutReserved')) code |= PF_RSVD;
        if (access.kind === 'write') code |= PF_W;
        if (access.user) code |= PF_U;
        if (access.kind === 'fetch') code |= PF_ID;
        const finalStage = (stage === 'final') !== bug('nptStageBitsSwapped');
        return BigInt(code) | (finalStage ? NPF_FINAL : NPF_TABLE);
      };

      /** One nested walk; on a fault, records it in `stopped` and returns null. */
      const translate = (gpa: bigint, access: NestedAccess, stage: NestedWalkStage, guestLevel?: number): Translation | null => {
        let table = nested.root;
        let rights = RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE | RIGHT_USER;
        const pending: NestedAdWrite[] = [];
        const fail = (kind: 'not-present' | 'reserved' | 'protection', level: number, faultRights: number): null => {
          if (!bug('nestedAdDroppedOnFault')) addNestedAd(pending);
          const where = { gpa: gpa as Gpa, stage, ...(stage === 'guest-table' ? { guestLevel } : {}), nestedLevel: level };
          if (!ept) stopped.fault = { kind: 'npt-fault', ...where, exitInfo1: exitInfo1(kind, access, stage) };
          else if (kind === 'reserved') stopped.fault = { kind: 'ept-misconfig', ...where, reason: 'malformed EPT entry' };
          else stopped.fault = { kind: 'ept-violation', ...where, qualification: qualification(access.kind, faultRights, stage) };
          return null;
        };
        for (let level: number = nested.levels; level >= 1; level--) {
          const shift = BigInt(12 + 9 * (bug('nestedIndexOffByOne') ? level : level - 1));
          const address = (table & ADDRESS) + 8n * ((gpa >> shift) & 511n);
          const entry = host.readEntry(address);
          const cached = bug('cachesRepeatedNestedEntries') && previousRow[currentRow.length] === address;
          currentRow.push(address);
          if (!cached) references.push({ dimension: 'nested', row, column: column++ + (bug('columnsFromOne') ? 1 : 0), address: address as Hpa, level, entry });
          const present = ept ? (entry & 7n) !== 0n : (entry & P) !== 0n;
          const leaf = level === 1 || ((level === 2 || level === 3) && (entry & PS) !== 0n);
          if (ept && bug('misconfigBeforePresence') && eptMalformed(entry, level, leaf)) return fail('reserved', level, rights);
          if (!present) return fail('not-present', level, 0);
          if (ept ? eptMalformed(entry, level, leaf) : nptMalformed(entry, level)) return fail('reserved', level, rights);
          const granted = ept ? eptRights(entry) : nptRights(entry);
          rights = ept && bug('eptRightsFromLeafOnly') ? (leaf ? granted : rights) : rights & granted;
          if (ept && bug('eptRightsAtEveryLevel') && !permits(granted, access)) return fail('protection', level, rights);
          const accessedBit = ept ? EPT_A : X86_A;
          const dirtyBit = ept ? EPT_D : X86_D;
          if (!leaf) {
            if (keepsAd && (entry & accessedBit) === 0n) wantNestedBits(level, address, accessedBit, pending);
            table = entry;
            continue;
          }
          if (!permits(rights, access)) {
            if (keepsAd && bug('nestedLeafAccessedWhenRefused') && (entry & accessedBit) === 0n) wantNestedBits(level, address, accessedBit, pending);
            return fail('protection', level, rights);
          }
          if (keepsAd) {
            const bits = ((entry & accessedBit) === 0n ? accessedBit : 0n) | ((access.kind === 'write' || bug('nestedDirtyOnRead')) && (entry & dirtyBit) === 0n ? dirtyBit : 0n);
            wantNestedBits(level, address, bits, pending);
          }
          addNestedAd(pending);
          const size = pageSizeAt(level);
          const offsetMask = bug('nestedLargePageOffsetAs4K') ? 0xfffn : size - 1n;
          return { hpa: (entry & ADDRESS & ~(size - 1n)) | (gpa & offsetMask), pageSize: size, rights, leafLevel: level };
        }
        throw new Error('unreachable: level 1 is always a leaf');
      };

      const tableWrite = ept ? eptAd && !bug('tableAccessReadUnderEptAd') : !bug('nptTableAccessAsRead');
      const tableAccess: NestedAccess = { kind: tableWrite ? 'write' : 'read', user: ept || !bug('nptAccessAsGuestPrivilege') || guest.access.user };
      const guestResult = guestWalker.walk(guest, (gpa, level) => {
        const translation = translate(gpa, tableAccess, 'guest-table', level);
        if (translation === null) return null;
        const entry = host.readEntry(translation.hpa);
        const reference: TwoDReference = { dimension: 'guest', row, column: column + (bug('columnsFromOne') ? 1 : 0), address: translation.hpa as Hpa, gpa: gpa as Gpa, level, entry };
        if (bug('guestEntryFirst')) references.splice(references.length - column, 0, reference);
        else references.push(reference);
        tableReads.push({ gpa, level, hpa: translation.hpa, rights: translation.rights, leafLevel: translation.leafLevel, referencesAfter: references.length });
        row++;
        column = 0;
        previousRow = currentRow;
        currentRow = [];
        return entry;
      });

      if (bug('guestLevelFromRowCount')) {
        const n = tableReads.length;
        for (let i = 0; i < references.length; i++) {
          const reference = references[i];
          if (reference.dimension === 'guest') references[i] = { ...reference, level: n - reference.row };
        }
      }
      const hpaOf = (gpa: bigint) => (bug('guestAdAtGpa') ? gpa : tableReads.find((read) => read.gpa === gpa)!.hpa);
      let guestAdWrites: GuestAdWrite[] = guestResult.adWrites.map((write) => ({ level: write.level, gpa: write.entryAddress as Gpa, hpa: hpaOf(write.entryAddress) as Hpa, bits: write.bits }));
      const failure = (fault: NestedFault): NestedWalkResult => ({
        ok: false,
        fault,
        references,
        guestAdWrites: bug('guestAdDroppedOnExit') && fault.kind !== 'guest-fault' ? [] : guestAdWrites,
        nestedAdWrites,
      });
      if (stopped.fault !== null) return failure(stopped.fault);

      // EPT without A/D: setting a guest entry's A/D is a data write through the EPT.
      if (ept && !nested.accessedDirty && !bug('guestAdUpdateNotAWrite')) {
        const refused = tableReads.findIndex((read) => (read.rights & RIGHT_WRITE) === 0 && guestAdWrites.some((write) => write.gpa === read.gpa));
        if (refused >= 0) {
          const read = tableReads[refused];
          references.length = read.referencesAfter;
          const above = new Set(tableReads.slice(0, refused).map((candidate) => candidate.gpa));
          guestAdWrites = guestAdWrites.filter((write) => above.has(write.gpa));
          return failure({
            kind: 'ept-violation',
            gpa: read.gpa as Gpa,
            stage: 'guest-table',
            guestLevel: read.level,
            nestedLevel: read.leafLevel,
            qualification: qualification('write', read.rights, 'guest-table'),
          });
        }
      }

      if (!guestResult.ok) {
        const { fault } = guestResult;
        if (fault.kind === 'non-canonical') return failure(bug('nonCanonicalWithErrorCode') ? { kind: 'guest-fault', fault, errorCode: 0 } : { kind: 'guest-fault', fault });
        if (fault.kind === 'access-failed') throw new Error('a guest read failed without a nested fault');
        const faulted = tableReads.find((read) => read.level === fault.level);
        if (bug('guestFaultAsExit') && faulted !== undefined) {
          const where = { gpa: faulted.gpa as Gpa, stage: 'guest-table' as const, guestLevel: faulted.level, nestedLevel: faulted.leafLevel };
          return failure(
            ept
              ? { kind: 'ept-violation', ...where, qualification: qualification(tableAccess.kind, faulted.rights, 'guest-table') }
              : { kind: 'npt-fault', ...where, exitInfo1: exitInfo1('protection', tableAccess, 'guest-table') },
          );
        }
        let errorCode = 0;
        if (fault.kind !== 'not-present') errorCode |= PF_P;
        if (fault.kind === 'reserved') errorCode |= PF_RSVD;
        if (guest.access.kind === 'write') errorCode |= PF_W;
        if (guest.access.user && !bug('guestErrorCodeWithoutUser')) errorCode |= PF_U;
        if (guest.access.kind === 'fetch' && guest.control.nxe) errorCode |= PF_ID;
        return failure({ kind: 'guest-fault', fault, errorCode });
      }

      if (bug('skipsFinalTranslation')) {
        return { ok: true, gpa: guestResult.address as Gpa, hpa: guestResult.address as Hpa, pageSize: guestResult.pageSize, rights: guestResult.rights, references, guestAdWrites, nestedAdWrites };
      }
      const finalAccess: NestedAccess = { kind: guest.access.kind, user: ept ? guest.access.user : !bug('nptAccessAsGuestPrivilege') || guest.access.user };
      const data = translate(guestResult.address, finalAccess, 'final');
      if (data === null) return failure(stopped.fault!);
      const pageSize = bug('pageSizeFromGuestOnly') || guestResult.pageSize < data.pageSize ? guestResult.pageSize : data.pageSize;
      const rights = bug('rightsFromGuestOnly') ? guestResult.rights : guestResult.rights & data.rights;
      return { ok: true, gpa: guestResult.address as Gpa, hpa: data.hpa as Hpa, pageSize, rights, references, guestAdWrites, nestedAdWrites };
    },
  };
}

/** Every bug the sketch can switch on. */
export const NESTED_WALKER_BUGS: readonly NestedWalkerBug[] = [
  'guestEntryFirst',
  'columnsFromOne',
  'guestLevelFromRowCount',
  'cachesRepeatedNestedEntries',
  'skipsFinalTranslation',
  'nestedIndexOffByOne',
  'nestedLargePageOffsetAs4K',
  'pageSizeFromGuestOnly',
  'rightsFromGuestOnly',
  'misconfigBeforePresence',
  'eptRightsFromLeafOnly',
  'eptRightsAtEveryLevel',
  'qualificationWithoutLinearValid',
  'qualificationFinalBitAlways',
  'qualificationWithoutRights',
  'tableWriteWithoutReadBit',
  'tableAccessReadUnderEptAd',
  'guestAdUpdateNotAWrite',
  'executeOnlyDefaultsFalse',
  'eptNonLeafReservedSixToThree',
  'eptLargePageLowBitsUnchecked',
  'maxPhysicalAddressUnchecked',
  'memoryTypeCheckedAt4KOnly',
  'nestedAdOncePerEntry',
  'nestedAdPerRow',
  'nestedLeafAccessedWhenRefused',
  'nestedDirtyOnRead',
  'nestedAdDroppedOnFault',
  'guestAdAtGpa',
  'guestAdDroppedOnExit',
  'eptAdWithoutEnable',
  'guestErrorCodeWithoutUser',
  'guestFaultAsExit',
  'nonCanonicalWithErrorCode',
  'nptAccessAsGuestPrivilege',
  'nptTableAccessAsRead',
  'nptAdOnlyWhenEnabled',
  'nptTopBit8Allowed',
  'nptStageBitsSwapped',
  'nptExitInfoWithoutReserved',
];
