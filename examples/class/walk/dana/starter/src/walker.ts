import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { Access, ALL_RIGHTS, RIGHT_EXECUTE, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkResult, PagingControl, Walker } from '../../reference/paging/walker';

/** What the walk needs to know about each level, 5 = PML5 down to 1 = PT. */
interface Level {
  readonly name: string;
  readonly shift: bigint;
  /** Size of the page a leaf at this level maps; null where PS is reserved. */
  readonly leafSize: bigint | null;
}

const LEVELS: Readonly<Record<number, Level>> = {
  5: { name: 'PML5E', shift: 48n, leafSize: null },
  4: { name: 'PML4E', shift: 39n, leafSize: null },
  3: { name: 'PDPTE', shift: 30n, leafSize: 0x4000_0000n },
  2: { name: 'PDE', shift: 21n, leafSize: 0x20_0000n },
  1: { name: 'PTE', shift: 12n, leafSize: 0x1000n },
};

const BITS_46_TO_51 = 0x3fn << 46n;
const BIT_12 = 0x1000n;

/** Reserved-bit rules from the spec, checked in this order on every present entry. */
const RESERVED: ReadonlyArray<{ why: string; broken: (entry: bigint, level: number, control: PagingControl) => boolean }> = [
  { why: 'bits 51:46 set (above MAXPHYADDR)', broken: (entry) => (entry & BITS_46_TO_51) !== 0n },
  { why: 'bit 63 set without EFER.NXE', broken: (entry, _level, control) => !control.nxe && (entry & PTE_NX) !== 0n },
  { why: 'PS set in a PML4E/PML5E', broken: (entry, level) => level >= 4 && (entry & PTE_PS) !== 0n },
  {
    why: 'large page with low address bits set',
    broken: (entry, level) => (level === 2 || level === 3) && (entry & PTE_PS) !== 0n && (entry & (LEVELS[level].leafSize! - 1n) & ~0xfffn & ~BIT_12) !== 0n,
  },
];

/** PKRU's AD (bit 2k) and WD (bit 2k + 1) for the key in bits 62..59 of the leaf. */
const keyBit = (control: PagingControl, leaf: bigint, which: 0 | 1) => ((control.pkru ?? 0) >>> (2 * Number((leaf >> 59n) & 0xfn) + which)) & 1;
const userPage = (rights: number) => (rights & RIGHT_USER) !== 0;

/** Permission rules, checked once at the leaf on the combined rights (and, for protection keys, the leaf). */
const PERMISSIONS: ReadonlyArray<(access: Access, rights: number, control: PagingControl, leaf: bigint) => boolean> = [
  (access, rights) => !access.user || (rights & RIGHT_USER) !== 0,
  (access, rights, control) => access.kind !== 'write' || (rights & RIGHT_WRITE) !== 0 || (!access.user && !control.wp),
  (access, rights) => access.kind !== 'fetch' || (rights & RIGHT_EXECUTE) !== 0,
  // SMEP
  (access, rights, control) => !(control.smep && !access.user && access.kind === 'fetch' && userPage(rights)),
  // SMAP
  (access, rights, control) => !(control.smap && !access.user && access.kind !== 'fetch' && userPage(rights) && (access.implicit || !access.ac)),
  // protection keys: AD, then WD
  (access, rights, control, leaf) => !(control.pke && access.kind !== 'fetch' && userPage(rights) && keyBit(control, leaf, 0)),
  (access, rights, control, leaf) => !(control.pke && access.kind === 'write' && userPage(rights) && keyBit(control, leaf, 1) && (access.user || control.wp)),
];

/** Rights each entry takes away when its bit says so. */
const RIGHT_BITS: ReadonlyArray<{ right: number; lost: (entry: bigint, control: PagingControl) => boolean }> = [
  { right: RIGHT_WRITE, lost: (entry) => (entry & PTE_RW) === 0n },
  { right: RIGHT_USER, lost: (entry) => (entry & PTE_US) === 0n },
  { right: RIGHT_EXECUTE, lost: (entry, control) => control.nxe && (entry & PTE_NX) !== 0n },
];

export const walker: Walker = {
  walk({ root, va, access, control }, readEntry): GuestWalkResult {
    const steps: WalkStep[] = [];
    const adWrites: AdWrite[] = [];

    const signBits = va >> (control.levels === 5 ? 56n : 47n);
    const allOnes = control.levels === 5 ? 0xffn : 0x1ffffn;
    if (signBits !== 0n && signBits !== allOnes) {
      return { ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps, adWrites };
    }

    let rights = ALL_RIGHTS;
    let table = root;
    for (let level: number = control.levels; level > 0; level--) {
      const { shift, leafSize } = LEVELS[level];
      const index = Number((va >> shift) & 0x1ffn);
      const entryAddress = table + BigInt(index) * 8n;
      const entry = readEntry(entryAddress, level);
      if (entry === null) {
        return { ok: false, fault: { kind: 'access-failed', level }, rights, steps, adWrites };
      }
      steps.push({ level, index, entryAddress, entry });

      if ((entry & PTE_P) === 0n) {
        return { ok: false, fault: { kind: 'not-present', level }, rights, steps, adWrites };
      }
      const rule = RESERVED.find((candidate) => candidate.broken(entry, level, control));
      if (rule !== undefined) {
        return { ok: false, fault: { kind: 'reserved', level, reason: `${LEVELS[level].name}: ${rule.why}` }, rights, steps, adWrites };
      }
      for (const { right, lost } of RIGHT_BITS) {
        if (lost(entry, control)) rights &= ~right;
      }

      if (level > 1 && (entry & PTE_PS) === 0n) {
        if ((entry & PTE_A) === 0n) adWrites.push({ level, entryAddress, bits: PTE_A });
        table = entry & ENTRY_ADDRESS_MASK;
        continue;
      }

      // Leaf: 4K PTE, 2M PDE or 1G PDPTE.
      if (!PERMISSIONS.every((rule) => rule(access, rights, control, entry))) {
        return { ok: false, fault: { kind: 'protection', level, rights }, rights, steps, adWrites };
      }
      const dirty = access.kind === 'write' ? PTE_D : 0n;
      const toSet = (PTE_A | dirty) & ~entry;
      if (toSet !== 0n) adWrites.push({ level, entryAddress, bits: toSet });

      const pageSize = leafSize!;
      const frame = entry & ENTRY_ADDRESS_MASK & ~(pageSize - 1n);
      const offset = va & 0xfffn;
      return { ok: true, address: frame | offset, pageSize, leafLevel: level, rights, steps, adWrites };
    }
    throw new Error('fell off the bottom of the walk');
  },
};
