import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { Access, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkFault, GuestWalkResult, PagingControl, Walker } from '../../reference/paging/walker';

/*
 * The x86-64 page walk, spec.md rules 1 to 6.
 *
 *  63    57 56  48 47  39 38  30 29  21 20  12 11      0
 * | sign   | PML5 | PML4 | PDPT | PD   | PT   | offset  |
 *            (5-level only)
 */

/** Bits 51..46: above MAXPHYADDR (46), reserved in every present entry. */
const ABOVE_MAXPHYADDR = ENTRY_ADDRESS_MASK & ~((1n << 46n) - 1n);
/** Bit 12 of a large leaf is PAT, not an address bit. */
const LARGE_PAGE_PAT = 1n << 12n;

/** Lowest address bit indexed at `level`: 12, 21, 30, 39, 48. */
const shiftOf = (level: number): bigint => BigInt(12 + 9 * (level - 1));

function indexAt(va: bigint, level: number): number {
  return Number((va >> shiftOf(level)) & 0x1ffn);
}

/** Bits 63..47 (4 levels) or 63..56 (5 levels) all equal. */
function isCanonical(va: bigint, levels: 4 | 5): boolean {
  const topBit = levels === 5 ? 56n : 47n;
  const high = va >> topBit;
  return high === 0n || high === (1n << (64n - topBit)) - 1n;
}

/** Why a present entry at `level` is malformed, or null when it is not. */
function reservedBits(entry: bigint, level: number, nxe: boolean): string | null {
  if ((entry & ABOVE_MAXPHYADDR) !== 0n) return 'address bits above MAXPHYADDR';
  if (!nxe && (entry & PTE_NX) !== 0n) return 'bit 63 set with EFER.NXE clear';
  if ((entry & PTE_PS) === 0n) return null;
  if (level >= 4) return 'PS in a PML4E or PML5E';
  if (level === 1) return null; // bit 7 of a PTE is PAT
  const belowPageSize = ((1n << shiftOf(level)) - 1n) & ~0xfffn & ~LARGE_PAGE_PAT;
  return (entry & belowPageSize) !== 0n ? 'large page frame not aligned' : null;
}

function allowed(access: Access, rights: number, control: PagingControl): boolean {
  if (access.user && (rights & RIGHT_USER) === 0) return false;
  if (access.kind === 'write' && (rights & RIGHT_WRITE) === 0) {
    // CR0.WP clear lets the kernel write read-only pages.
    if (access.user || control.wp) return false;
  }
  if (access.kind === 'fetch' && (rights & RIGHT_EXECUTE) === 0) return false;
  return true;
}

/** Rule 5: SMEP, SMAP and the protection key of the leaf, for a page that is a user page (US at every level). */
function supervisorProtectionsAllow(access: Access, rights: number, control: PagingControl, leaf: bigint): boolean {
  if ((rights & RIGHT_USER) === 0) return true; // a supervisor page: none of them apply
  if (!access.user && access.kind === 'fetch' && control.smep) return false;
  if (!access.user && access.kind !== 'fetch' && control.smap && (access.implicit || !access.ac)) return false;
  if (control.pke && access.kind !== 'fetch') {
    const key = Number((leaf >> 59n) & 0xfn);
    const pkru = control.pkru ?? 0;
    if ((pkru >>> (2 * key)) & 1) return false; // AD
    const writeDisabled = ((pkru >>> (2 * key + 1)) & 1) === 1;
    if (access.kind === 'write' && writeDisabled && (access.user || control.wp)) return false;
  }
  return true;
}

export const walker: Walker = {
  walk({ root, va, access, control }, readEntry): GuestWalkResult {
    const steps: WalkStep[] = [];
    const adWrites: AdWrite[] = [];
    const fail = (fault: GuestWalkFault): GuestWalkResult => ({ ok: false, fault, rights: 0, steps, adWrites });

    if (!isCanonical(va, control.levels)) return fail({ kind: 'non-canonical' });

    let table = root;
    let rights = RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE | RIGHT_USER;
    for (let level: number = control.levels; level >= 1; level--) {
      const index = indexAt(va, level);
      const entryAddress = table + 8n * BigInt(index);
      const entry = readEntry(entryAddress, level);
      if (entry === null) return fail({ kind: 'access-failed', level });
      steps.push({ level, index, entryAddress, entry });

      if ((entry & PTE_P) === 0n) return fail({ kind: 'not-present', level });
      const reason = reservedBits(entry, level, control.nxe);
      if (reason !== null) return fail({ kind: 'reserved', level, reason });

      // RW and US are ANDed over the levels, NX is ORed.
      if ((entry & PTE_RW) === 0n) rights &= ~RIGHT_WRITE;
      if ((entry & PTE_US) === 0n) rights &= ~RIGHT_USER;
      if (control.nxe && (entry & PTE_NX) !== 0n) rights &= ~RIGHT_EXECUTE;

      const isLeaf = level === 1 || (entry & PTE_PS) !== 0n;
      if (!isLeaf) {
        if ((entry & PTE_A) === 0n) adWrites.push({ level, entryAddress, bits: PTE_A });
        table = entry & ENTRY_ADDRESS_MASK;
        continue;
      }

      if (!allowed(access, rights, control) || !supervisorProtectionsAllow(access, rights, control, entry)) return fail({ kind: 'protection', level, rights });
      const wanted = access.kind === 'write' ? PTE_A | PTE_D : PTE_A;
      const missing = wanted & ~entry;
      if (missing !== 0n) adWrites.push({ level, entryAddress, bits: missing });

      const pageSize = 1n << shiftOf(level);
      const frame = entry & ENTRY_ADDRESS_MASK & ~(pageSize - 1n);
      return { ok: true, address: frame | (va & (pageSize - 1n)), pageSize, leafLevel: level, rights, steps, adWrites };
    }
    throw new Error('unreachable: a PTE is always a leaf');
  },
};
