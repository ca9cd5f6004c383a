import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, TableWalkFault, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkRequest, GuestWalkResult, Walker } from '../../reference/paging/walker';

// bytes mapped by a leaf at each level (index = level)
const PAGE_BYTES = [0, 4096, 2 * 1024 * 1024, 1024 * 1024 * 1024];

function sliceIndex(va: bigint, level: number): number {
  return Number(BigInt.asUintN(9, va >> BigInt(9 * level + 3)));
}

function isCanonical(va: bigint, levels: 4 | 5): boolean {
  const half = levels === 4 ? 1n << 47n : 1n << 56n;
  return va < half || va >= (1n << 64n) - half;
}

function checkEntry(entry: bigint, level: number, request: GuestWalkRequest): TableWalkFault | null {
  if ((entry & PTE_P) === 0n) return { kind: 'not-present', level };
  const reserved = (reason: string): TableWalkFault => ({ kind: 'reserved', level, reason });
  if (BigInt.asUintN(6, entry >> 46n) !== 0n) return reserved('bits 51:46');
  if ((entry & PTE_NX) !== 0n && !request.control.nxe) return reserved('bit 63, NXE clear');
  if ((entry & PTE_PS) !== 0n) {
    if (level >= 4) return reserved('PS at level ' + level);
    if (level > 1) {
      const alignment = BigInt(PAGE_BYTES[level]) - 1n;
      if ((entry & alignment & ~0x1fffn) !== 0n) return reserved('large frame misaligned');
    }
  }
  return null;
}

function accessAllowed(request: GuestWalkRequest, rights: number): boolean {
  const { kind, user } = request.access;
  const mayWrite = (rights & RIGHT_WRITE) !== 0 || (!user && !request.control.wp);
  if (user && (rights & RIGHT_USER) === 0) return false;
  if (kind === 'write') return mayWrite;
  if (kind === 'fetch') return (rights & RIGHT_EXECUTE) !== 0;
  return true;
}

export const walker: Walker = {
  walk(request, readEntry): GuestWalkResult {
    const steps: WalkStep[] = [];
    const adWrites: AdWrite[] = [];
    const failed = (fault: TableWalkFault): GuestWalkResult => ({ ok: false, fault, rights: 0, steps, adWrites });
    if (!isCanonical(request.va, request.control.levels)) {
      return { ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps, adWrites };
    }

    let rights = RIGHT_READ | RIGHT_WRITE | RIGHT_USER | RIGHT_EXECUTE;
    let tableBase = request.root;
    let level: number = request.control.levels;
    while (true) {
      const index = sliceIndex(request.va, level);
      const entryAddress = tableBase + BigInt(8 * index);
      const entry = readEntry(entryAddress, level);
      if (entry === null) return failed({ kind: 'access-failed', level });
      steps.push({ level, index, entryAddress, entry });
      const fault = checkEntry(entry, level, request);
      if (fault !== null) return failed(fault);

      if ((entry & PTE_RW) === 0n) rights &= ~RIGHT_WRITE;
      if ((entry & PTE_US) === 0n) rights &= ~RIGHT_USER;
      if (request.control.nxe && (entry & PTE_NX) !== 0n) rights &= ~RIGHT_EXECUTE;

      if (level === 1 || (entry & PTE_PS) !== 0n) {
        if (!accessAllowed(request, rights) || ((rights & RIGHT_USER) !== 0 && !userPageProtectionsAllow(request, entry))) return failed({ kind: 'protection', level, rights });
        const needed = request.access.kind === 'write' ? PTE_A | PTE_D : PTE_A;
        if ((entry & needed) !== needed) adWrites.push({ level, entryAddress, bits: needed & ~entry });
        const mask = BigInt(PAGE_BYTES[level]) - 1n;
        return {
          ok: true,
          address: (entry & ENTRY_ADDRESS_MASK & ~mask) | (request.va & mask),
          pageSize: PAGE_BYTES[level],
          leafLevel: level,
          rights,
          steps,
          adWrites,
        };
      }
      if ((entry & PTE_A) === 0n) adWrites.push({ level, entryAddress, bits: PTE_A });
      tableBase = entry & ENTRY_ADDRESS_MASK;
      level -= 1;
    }
  },
};

/** SMEP, SMAP and protection keys: they only ever refuse accesses to user pages. */
function userPageProtectionsAllow(request: GuestWalkRequest, leaf: bigint): boolean {
  const { access, control } = request;
  if (!access.user && access.kind === 'fetch') return !control.smep;
  if (!access.user && control.smap && (access.implicit || !access.ac)) return false;
  if (!control.pke || access.kind === 'fetch') return true;
  const key = Number((leaf >> 59n) & 0xfn);
  const pkru = control.pkru ?? 0;
  const ad = (pkru >>> (key * 2)) & 1;
  const wd = (pkru >>> (key * 2 + 1)) & 1;
  return !ad && !(access.kind === 'write' && wd && (access.user || control.wp));
}
