import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkResult, Walker } from '../../reference/paging/walker';

// [level, lowest VA bit of its index]
const WALK_ORDER = [
  [4, 39n],
  [3, 30n],
  [2, 21n],
  [1, 12n],
] as const;

/** Page size if the entry at `level` is a leaf, else 0n (it points to a table). */
function leafSize(level: number, entry: bigint): bigint {
  switch (level) {
    case 1:
      return 0x1000n;
    case 2:
      return entry & PTE_PS ? 0x20_0000n : 0n;
    case 3:
      return entry & PTE_PS ? 0x4000_0000n : 0n;
    default:
      return 0n;
  }
}

function reservedReason(entry: bigint, level: number, nxe: boolean): string | null {
  switch (true) {
    case (entry & 0x000f_c000_0000_0000n) !== 0n:
      return 'above MAXPHYADDR';
    case !nxe && (entry & PTE_NX) !== 0n:
      return 'bit 63 without NXE';
    case level >= 4 && (entry & PTE_PS) !== 0n:
      return 'PS in PML4E';
    case level === 2 && (entry & PTE_PS) !== 0n && (entry & 0x1f_e000n) !== 0n:
      return '2M leaf, bits 20:13';
    case level === 3 && (entry & PTE_PS) !== 0n && (entry & 0x3fff_e000n) !== 0n:
      return '1G leaf, bits 29:13';
    default:
      return null;
  }
}

/** PKRU against the key in bits 62..59: AD (bit 2k) denies the access; WD (bit 2k + 1) a write that honours it. */
function keyDenies(pkru: number, entry: bigint, writeHonoursWd: boolean): boolean {
  const k = Number((entry >> 59n) & 0xfn);
  switch ((pkru >>> (2 * k)) & 3) {
    case 0:
      return false;
    case 2:
      return writeHonoursWd;
    default:
      return true; // AD set
  }
}

export const walker: Walker = {
  walk(request, readEntry): GuestWalkResult {
    const { va, access, control } = request;
    const steps: WalkStep[] = [];
    const adWrites: AdWrite[] = [];

    // canonical: bits 63..47 (or 63..56 with LA57) are copies of one bit
    const width = control.levels === 5 ? 57 : 48;
    if (BigInt.asUintN(64, BigInt.asIntN(width, va)) !== va) {
      return { ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps, adWrites };
    }

    let base = request.root;
    let w = true;
    let u = true;
    let x = true;
    for (const [level, shift] of WALK_ORDER) {
      const index = Number((va >> shift) & 0x1ffn);
      const entryAddress = base + BigInt(index << 3);
      const entry = readEntry(entryAddress, level);
      if (entry === null) return { ok: false, fault: { kind: 'access-failed', level }, rights: 0, steps, adWrites };
      steps.push({ level, index, entryAddress, entry });
      if ((entry & PTE_P) === 0n) return { ok: false, fault: { kind: 'not-present', level }, rights: 0, steps, adWrites };
      const bad = reservedReason(entry, level, control.nxe);
      if (bad !== null) return { ok: false, fault: { kind: 'reserved', level, reason: bad }, rights: 0, steps, adWrites };

      w = w && (entry & PTE_RW) !== 0n;
      u = u && (entry & PTE_US) !== 0n;
      x = x && !(control.nxe && (entry & PTE_NX) !== 0n);

      const size = leafSize(level, entry);
      if (size === 0n) {
        if ((entry & PTE_A) === 0n) adWrites.push({ level, entryAddress, bits: PTE_A });
        base = entry & ENTRY_ADDRESS_MASK;
        continue;
      }

      const rights = RIGHT_READ | (w ? RIGHT_WRITE : 0) | (u ? RIGHT_USER : 0) | (x ? RIGHT_EXECUTE : 0);
      const denied =
        (access.user && !u) ||
        (access.kind === 'write' && !w && (access.user || control.wp)) ||
        (access.kind === 'fetch' && !x) ||
        (u && !access.user && access.kind === 'fetch' && control.smep === true) ||
        (u && !access.user && access.kind !== 'fetch' && control.smap === true && (access.implicit === true || access.ac !== true)) ||
        (u && access.kind !== 'fetch' && control.pke === true && keyDenies(control.pkru ?? 0, entry, access.kind === 'write' && (access.user || control.wp)));
      if (denied) return { ok: false, fault: { kind: 'protection', level, rights }, rights: 0, steps, adWrites };

      let ad = (entry & PTE_A) === 0n ? PTE_A : 0n;
      if (access.kind === 'write' && (entry & PTE_D) === 0n) ad |= PTE_D;
      if (ad !== 0n) adWrites.push({ level, entryAddress, bits: ad });

      const frame = entry & ENTRY_ADDRESS_MASK & ~(size - 1n);
      return { ok: true, address: frame + (va & (size - 1n)), pageSize: size, leafLevel: level, rights, steps, adWrites };
    }
    throw new Error('walk ended without a leaf');
  },
};
