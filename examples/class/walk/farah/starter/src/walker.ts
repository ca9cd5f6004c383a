import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, EntryReader, TableWalkFault, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkRequest, GuestWalkResult, Walker } from '../../reference/paging/walker';

/** One walk in progress: the state the hardware keeps between levels. */
class PageWalk {
  private readonly steps: WalkStep[] = [];
  private readonly adWrites: AdWrite[] = [];
  private table: bigint;
  private writable = true;
  private user = true;
  private executable = true;
  /** The leaf's protection key, bits 62..59. */
  private key = 0;

  constructor(
    private readonly request: GuestWalkRequest,
    private readonly readEntry: EntryReader,
  ) {
    this.table = request.root;
  }

  run(): GuestWalkResult {
    if (!this.canonical()) {
      return { ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps: [], adWrites: [] };
    }
    for (let level = this.request.control.levels as number; level >= 1; level--) {
      const outcome = this.visit(level);
      if (outcome !== 'next') return outcome;
    }
    throw new Error('no leaf found');
  }

  private canonical(): boolean {
    const bits = this.request.control.levels === 5 ? 57 : 48;
    const signExtended = BigInt.asUintN(64, BigInt.asIntN(bits, this.request.va));
    return signExtended === this.request.va;
  }

  /** Reads the entry of `level`; returns the final result, or 'next' to go one level down. */
  private visit(level: number): GuestWalkResult | 'next' {
    const shift = BigInt(12 + 9 * (level - 1));
    const index = Number((this.request.va >> shift) & 0x1ffn);
    const entryAddress = this.table + BigInt(8 * index);
    const entry = this.readEntry(entryAddress, level);
    if (entry === null) return this.fault({ kind: 'access-failed', level });
    this.steps.push({ level, index, entryAddress, entry });

    if (!(entry & PTE_P)) return this.fault({ kind: 'not-present', level });
    const reserved = this.reservedReason(entry, level, shift);
    if (reserved) return this.fault({ kind: 'reserved', level, reason: reserved });

    this.writable &&= (entry & PTE_RW) !== 0n;
    this.user &&= (entry & PTE_US) !== 0n;
    if (this.request.control.nxe && entry & PTE_NX) this.executable = false;

    const isLeaf = level === 1 || (entry & PTE_PS) !== 0n;
    if (!isLeaf) {
      if (!(entry & PTE_A)) this.adWrites.push({ level, entryAddress, bits: PTE_A });
      this.table = entry & ENTRY_ADDRESS_MASK;
      return 'next';
    }
    return this.finish(level, entry, entryAddress, 1n << shift);
  }

  private reservedReason(entry: bigint, level: number, shift: bigint): string | null {
    if (entry >> 46n & 0x3fn) return 'physical address above 46 bits';
    if (!this.request.control.nxe && entry & PTE_NX) return 'XD set but EFER.NXE = 0';
    if (!(entry & PTE_PS) || level === 1) return null;
    if (level > 3) return 'PS in PML4E/PML5E';
    const mustBeZero = ((1n << shift) - 1n) ^ 0x1fffn; // below the page size, except PAT (12) and the flags
    return entry & mustBeZero ? 'misaligned large page' : null;
  }

  private rights(): number {
    return RIGHT_READ | (this.writable ? RIGHT_WRITE : 0) | (this.user ? RIGHT_USER : 0) | (this.executable ? RIGHT_EXECUTE : 0);
  }

  private permitted(): boolean {
    const { kind, user } = this.request.access;
    if (user && !this.user) return false;
    if (kind === 'write' && !this.writable) return false;
    if (kind === 'fetch' && !this.executable) return false;
    return this.supervisorProtectionsAllow();
  }

  /** SMEP, SMAP and protection keys (rule 5): they guard user pages only. */
  private supervisorProtectionsAllow(): boolean {
    if (!this.user) return true;
    const { access, control } = this.request;
    if (!access.user && access.kind === 'fetch' && control.smep) return false;
    if (!access.user && access.kind !== 'fetch' && control.smap && (access.implicit === true || access.ac !== true)) return false;
    if (!control.pke || access.kind === 'fetch') return true;
    const shift = 2 * this.key;
    const pkru = control.pkru ?? 0;
    if ((pkru >>> shift) & 1) return false;
    return !(access.kind === 'write' && (pkru >>> (shift + 1)) & 1 && (access.user || control.wp));
  }

  private finish(level: number, entry: bigint, entryAddress: bigint, pageSize: bigint): GuestWalkResult {
    this.key = Number((entry >> 59n) & 0xfn);
    if (!this.permitted()) return this.fault({ kind: 'protection', level, rights: this.rights() });
    const wanted = this.request.access.kind === 'write' ? PTE_A | PTE_D : PTE_A;
    if (wanted & ~entry) this.adWrites.push({ level, entryAddress, bits: wanted & ~entry });
    const address = (entry & ENTRY_ADDRESS_MASK & -pageSize) | (this.request.va & (pageSize - 1n));
    return { ok: true, address, pageSize, leafLevel: level, rights: this.rights(), steps: this.steps, adWrites: this.adWrites };
  }

  private fault(fault: TableWalkFault): GuestWalkResult {
    return { ok: false, fault, rights: this.rights(), steps: this.steps, adWrites: this.adWrites };
  }
}

export const walker: Walker = {
  walk: (request, readEntry) => new PageWalk(request, readEntry).run(),
};
