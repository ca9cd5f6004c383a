import { ALL_RIGHTS, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../../reference/paging/rights';
import { AdWrite, WalkStep } from '../../../reference/paging/walk-types';
import { GuestWalkResult, Walker } from '../../../reference/paging/walker';

/**
 * A walker written from spec.md alone, the way a student would, with no code
 * shared with the reference: the bit layout, masks and index arithmetic are
 * spelled out here. With no bugs it must agree with the reference on every
 * case of every suite (two independent readings of the rules). Each bug is
 * one mistake students make; the suites must catch every one of them.
 */
export interface WalkerBugs {
  /** Lets user accesses through supervisor pages. */
  ignoresUser: boolean;
  /** Supervisor writes honour RW whatever CR0.WP says. */
  forgetsWriteProtectOff: boolean;
  /** Supervisor writes ignore RW whatever CR0.WP says. */
  forgetsWriteProtectOn: boolean;
  /** Fetches ignore NX. */
  ignoresNoExecute: boolean;
  /** Treats bit 63 as NX even with EFER.NXE clear (instead of a reserved bit). */
  noExecuteWithoutNxe: boolean;
  /** Takes the rights of the leaf alone instead of the AND over every level. */
  rightsFromLeafOnly: boolean;
  /** Checks no reserved bit at all. */
  ignoresReservedBits: boolean;
  /** Maps a 512 GiB page when PS is set in a PML4E. */
  psAtPml4IsLeaf: boolean;
  /** Indexes each level with the next level's bits (shift 12 + 9 × level). */
  indexShiftOffByOne: boolean;
  /** Takes the next table's base as bits 63:12 of the entry (keeping NX, ignored and reserved bits). */
  addressMaskTooWide: boolean;
  /** Keeps bit 12 (PAT) of a large leaf as an address bit. */
  largePagePatAsAddress: boolean;
  /** Takes only 12 offset bits from the address, whatever the page size. */
  offsetAlways4K: boolean;
  /** Walks 4 levels even with 5-level paging. */
  alwaysFourLevels: boolean;
  /** No canonical check. */
  skipsCanonicalCheck: boolean;
  /** Sets the leaf's A even when the access faults for its rights. */
  leafAccessedOnProtectionFault: boolean;
  /** Sets D on every access, not only writes. */
  dirtyOnEveryAccess: boolean;
  /** Writes A (and D) again when they are already set. */
  rewritesSetBits: boolean;
  /** Sets the table entries' A only when the whole walk succeeds. */
  tableAccessedOnlyOnSuccess: boolean;
  /** Checks the leaf's rights before its reserved bits. */
  rightsBeforeReserved: boolean;
  /** Reports every right in a translation, whatever the entries grant (the TLB then caches too much). */
  reportsAllRights: boolean;
  /** Indexes the PD with bits 30:22 (a shift of 22 instead of 21). */
  pdIndexShiftedBy22: boolean;
  /** Checks the rights gathered so far at every level and faults at the first entry that lacks one, instead of once at the leaf. */
  checksRightsAtEachLevel: boolean;
  /** Takes a read that failed (readEntry returned null) for an entry of zero: a not-present fault. */
  failedReadAsNotPresent: boolean;
  /** SMEP and SMAP take "user page" from the leaf's US alone, not from every level. */
  supervisorProtectionsFromLeafOnly: boolean;
  /** SMEP refuses user-mode fetches from user pages too. */
  smepRefusesUserFetches: boolean;
  /** No SMEP: supervisor fetches from user pages go through. */
  ignoresSmep: boolean;
  /** SMAP refuses explicit supervisor accesses even with EFLAGS.AC set. */
  smapIgnoresAc: boolean;
  /** EFLAGS.AC lifts SMAP for implicit supervisor accesses too. */
  smapAcLiftsImplicit: boolean;
  /** SMAP refuses supervisor fetches from user pages too (they are SMEP's). */
  smapRefusesFetches: boolean;
  /** Takes AD of key k from PKRU bit 2k + 1 and WD from bit 2k (swapped). */
  pkruAdWdSwapped: boolean;
  /** Takes the protection key from bits 63:60 instead of 62:59. */
  protectionKeyOffByOne: boolean;
  /** PKRU's AD also refuses instruction fetches. */
  protectionKeysCheckFetches: boolean;
  /** WD refuses supervisor writes even with CR0.WP clear. */
  writeDisableIgnoresWp: boolean;
  /** PKRU is checked for user-mode accesses only, not for supervisor accesses to user pages. */
  protectionKeysUserAccessesOnly: boolean;
  /** PKRU is checked on supervisor pages too. */
  protectionKeysOnSupervisorPages: boolean;
  /** PKRU is checked even with CR4.PKE clear. */
  protectionKeysWithoutPke: boolean;
}

export type WalkerBug = keyof WalkerBugs;

const P = 1n << 0n;
const RW = 1n << 1n;
const US = 1n << 2n;
const A = 1n << 5n;
const D = 1n << 6n;
const PS = 1n << 7n;
const NX = 1n << 63n;
/** Bits 51:12. */
const ADDRESS_51_12 = 0x000f_ffff_ffff_f000n;
/** Bits 63:12: the wide mask of `addressMaskTooWide`. */
const ADDRESS_63_12 = 0xffff_ffff_ffff_f000n;
/** Bits 51:46, above MAXPHYADDR = 46. */
const ABOVE_MAX_PHYSICAL = 0x000f_c000_0000_0000n;

export function sketchWalker(bugList: readonly WalkerBug[] = []): Walker {
  const bug = (name: WalkerBug) => bugList.includes(name);
  return {
    walk({ root, va, access, control }, readEntry): GuestWalkResult {
      const levels = bug('alwaysFourLevels') ? 4 : control.levels;
      const steps: WalkStep[] = [];
      const adWrites: AdWrite[] = [];
      const deferredAccessed: AdWrite[] = [];
      const fault = (kind: 'not-present' | 'reserved' | 'protection', level: number): GuestWalkResult => ({
        ok: false,
        fault: kind === 'reserved' ? { kind, level, reason: 'reserved bit' } : kind === 'protection' ? { kind, level, rights: 0 } : { kind, level },
        rights: 0,
        steps,
        adWrites,
      });

      // Canonical: bits 63 down to the top translated bit (47 or 56) all equal.
      const topBit = control.levels === 5 ? 56n : 47n;
      const high = va >> topBit;
      if (!bug('skipsCanonicalCheck') && high !== 0n && high !== (1n << (64n - topBit)) - 1n) {
        return { ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps, adWrites };
      }

      let table = root;
      let user = true;
      let writable = true;
      let executable = true;
      for (let level: number = levels; level >= 1; level--) {
        const shift = bug('indexShiftOffByOne') ? 12 + 9 * level : level === 2 && bug('pdIndexShiftedBy22') ? 22 : 12 + 9 * (level - 1);
        const index = Number((va >> BigInt(shift)) & 0x1ffn);
        const entryAddress = table + 8n * BigInt(index);
        const read = readEntry(entryAddress, level);
        const entry = read === null && bug('failedReadAsNotPresent') ? 0n : read;
        if (entry === null) return { ok: false, fault: { kind: 'access-failed', level }, rights: 0, steps, adWrites };
        steps.push({ level, index, entryAddress, entry });
        if ((entry & P) === 0n) return fault('not-present', level);

        const large = (entry & PS) !== 0n && (level === 2 || level === 3 || (level === 4 && bug('psAtPml4IsLeaf')));
        const leaf = level === 1 || large;
        const pageShift = BigInt(12 + 9 * (level - 1));
        const rights = { user: (entry & US) !== 0n, writable: (entry & RW) !== 0n, executable: !((control.nxe || bug('noExecuteWithoutNxe')) && (entry & NX) !== 0n) };
        if (bug('rightsFromLeafOnly')) {
          ({ user, writable, executable } = rights);
        } else {
          user &&= rights.user;
          writable &&= rights.writable;
          executable &&= rights.executable;
        }
        const ordinaryAllowed = () =>
          (!access.user || user || bug('ignoresUser')) &&
          (access.kind !== 'write' || writable || (!access.user && (bug('forgetsWriteProtectOn') || (!control.wp && !bug('forgetsWriteProtectOff'))))) &&
          (access.kind !== 'fetch' || executable || bug('ignoresNoExecute'));

        // SMEP, SMAP and protection keys: supervisor protections of user pages (US at every level), checked at the leaf.
        const protectedUserPage = () => (bug('supervisorProtectionsFromLeafOnly') ? rights.user : user);
        const smepAllows = () => {
          if (access.kind !== 'fetch' || !control.smep || bug('ignoresSmep')) return true;
          return (access.user && !bug('smepRefusesUserFetches')) || !protectedUserPage();
        };
        const smapAllows = () => {
          if (access.user || !control.smap || !protectedUserPage()) return true;
          if (access.kind === 'fetch') return !bug('smapRefusesFetches');
          const acLifts = access.ac === true && !bug('smapIgnoresAc');
          return acLifts && (access.implicit !== true || bug('smapAcLiftsImplicit'));
        };
        const keyAllows = () => {
          if (!control.pke && !bug('protectionKeysWithoutPke')) return true;
          if (!user && !bug('protectionKeysOnSupervisorPages')) return true;
          if (access.kind === 'fetch' && !bug('protectionKeysCheckFetches')) return true;
          if (!access.user && bug('protectionKeysUserAccessesOnly')) return true;
          const key = Number((entry >> (bug('protectionKeyOffByOne') ? 60n : 59n)) & 0xfn);
          const pkru = control.pkru ?? 0;
          const [adBit, wdBit] = bug('pkruAdWdSwapped') ? [2 * key + 1, 2 * key] : [2 * key, 2 * key + 1];
          if ((pkru >>> adBit) & 1) return false;
          const writeDisabled = ((pkru >>> wdBit) & 1) === 1;
          return !(access.kind === 'write' && writeDisabled && (access.user || control.wp || bug('writeDisableIgnoresWp')));
        };
        const allowed = () => ordinaryAllowed() && smepAllows() && smapAllows() && keyAllows();

        if (bug('rightsBeforeReserved') && leaf && !allowed()) return fault('protection', level);
        if (!bug('ignoresReservedBits')) {
          // Address bits of a large leaf below its page size are reserved, except bit 12 (PAT).
          const lowAddressBits = large && level <= 3 ? ((1n << pageShift) - 1n) & ~0x1fffn : 0n;
          const reserved =
            (entry & ABOVE_MAX_PHYSICAL) !== 0n ||
            (!control.nxe && !bug('noExecuteWithoutNxe') && (entry & NX) !== 0n) ||
            (level >= 4 && (entry & PS) !== 0n && !bug('psAtPml4IsLeaf')) ||
            (entry & lowAddressBits) !== 0n;
          if (reserved) return fault('reserved', level);
        }

        if (!leaf && bug('checksRightsAtEachLevel') && !ordinaryAllowed()) return fault('protection', level);
        if (!leaf) {
          const accessed = { level, entryAddress, bits: A };
          if ((entry & A) === 0n || bug('rewritesSetBits')) (bug('tableAccessedOnlyOnSuccess') ? deferredAccessed : adWrites).push(accessed);
          table = entry & (bug('addressMaskTooWide') ? ADDRESS_63_12 : ADDRESS_51_12);
          continue;
        }

        if (!allowed()) {
          if (bug('leafAccessedOnProtectionFault') && (entry & A) === 0n) adWrites.push({ level, entryAddress, bits: A });
          return fault('protection', level);
        }
        adWrites.push(...deferredAccessed);
        const wanted = A | (access.kind === 'write' || bug('dirtyOnEveryAccess') ? D : 0n);
        const bits = bug('rewritesSetBits') ? wanted : wanted & ~entry;
        if (bits !== 0n) adWrites.push({ level, entryAddress, bits });

        const pageSize = 1n << pageShift;
        const frameMask = bug('largePagePatAsAddress') ? ADDRESS_51_12 : ADDRESS_51_12 & ~(pageSize - 1n);
        const offsetMask = bug('offsetAlways4K') ? 0xfffn : pageSize - 1n;
        const address = (entry & frameMask) | (va & offsetMask);
        const combined = bug('reportsAllRights') ? ALL_RIGHTS : RIGHT_READ | (writable ? RIGHT_WRITE : 0) | (executable ? RIGHT_EXECUTE : 0) | (user ? RIGHT_USER : 0);
        return { ok: true, address, pageSize, leafLevel: level, rights: combined, steps, adWrites };
      }
      throw new Error('unreachable: level 1 is always a leaf');
    },
  };
}

