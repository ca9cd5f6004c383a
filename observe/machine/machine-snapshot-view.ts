import { frameNumber } from '../../reference/addresses';
import { ShadowPageRecord } from '../../reference/hypervisor/shadow/shadow-invariants';
import { ENTRY_ADDRESS_MASK, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { ShadowPageDump, SparseEntries, VmSnapshot } from './machine-observation';

export interface DumpedTable {
  readonly table: string;
  readonly level: number;
  readonly entries: ReadonlyMap<number, bigint>;
}

/** What the guest's tables say about one page: a plain walk over the dump, from a root down. */
export interface GuestMapping {
  readonly frame: number;
  readonly writable: boolean;
  readonly user: boolean;
  readonly executable: boolean;
  readonly dirty: boolean;
}

/** A VM snapshot parsed back from hex strings, with the lookups the judges need. */
export class VmSnapshotView {
  readonly guestTables: ReadonlyMap<number, DumpedTable>;
  /** The level of the guest's roots: 4, or 5 with CR4.LA57. */
  readonly guestRootLevel: number;
  readonly shadowPages: readonly (ShadowPageRecord & { readonly dump: ShadowPageDump })[];
  /** The guest frames the hypervisor write-protected (shadow mode). */
  readonly protectedFrames: ReadonlySet<number>;
  private readonly backing: ReadonlyMap<number, number> | null;
  private readonly backedBy = new Map<number, number>();
  private readonly shadowByHostFrame: ReadonlyMap<number, ShadowPageRecord & { readonly dump: ShadowPageDump }>;
  private vaBases: Map<number, bigint> | null = null;

  constructor(readonly snapshot: VmSnapshot) {
    this.guestTables = new Map(snapshot.guestTables.map((table) => [frameOf(table.table), { table: table.table, level: table.level, entries: parseEntries(table.entries) }]));
    this.guestRootLevel = snapshot.guestLevels ?? 4;
    this.backing =
      snapshot.backing === undefined ? null : new Map(Object.entries(snapshot.backing).map(([guest, host]) => [frameOf(guest), frameOf(host)]));
    for (const [guest, host] of this.backing ?? []) if (!this.backedBy.has(host)) this.backedBy.set(host, guest);
    this.shadowPages = (snapshot.shadow?.pages ?? []).map((dump) => ({
      hostFrame: frameOf(dump.table),
      guestFrame: frameOf(dump.shadows),
      level: dump.level,
      direct: dump.direct === true,
      unsync: dump.unsync === true,
      entries: parseEntries(dump.entries),
      dump,
    }));
    this.shadowByHostFrame = new Map(this.shadowPages.map((page) => [page.hostFrame, page]));
    this.protectedFrames = new Set((snapshot.shadow?.protected ?? []).map(frameOf));
  }

  /** gPA → hPA frame; in native mode the guest's frames are the machine's. */
  hostFrameOf(guestFrame: number): number | undefined {
    return this.backing === null ? guestFrame : this.backing.get(guestFrame);
  }

  /** hPA → gPA frame (the first, should two guest frames share one). */
  guestFrameBackedBy(hostFrame: number): number | undefined {
    return this.backing === null ? hostFrame : this.backedBy.get(hostFrame);
  }

  get backedGuestFrames(): ReadonlyMap<number, number> {
    return this.backing ?? new Map();
  }

  shadowPageAt(hostFrame: number): (ShadowPageRecord & { readonly dump: ShadowPageDump }) | undefined {
    return this.shadowByHostFrame.get(hostFrame);
  }

  /** The first virtual address a guest table maps, found from the roots of the dump. */
  vaBaseOfTable(frame: number): bigint | undefined {
    if (this.vaBases === null) {
      this.vaBases = new Map();
      for (const [rootFrame, table] of this.guestTables) if (table.level === this.guestRootLevel) this.recordVaBases(rootFrame, 0n);
    }
    return this.vaBases.get(frame);
  }

  /** The first virtual address entry `index` of the guest table at `frame` maps (same for its shadow). */
  vaOfEntry(frame: number, level: number, index: number): bigint | undefined {
    const base = this.vaBaseOfTable(frame);
    return base === undefined ? undefined : base | (BigInt(index) << BigInt(12 + 9 * (level - 1)));
  }

  /** The guest's mapping of the page at `va` under root `rootFrame`, or null when it does not map it. */
  guestMapping(rootFrame: number, va: bigint): GuestMapping | null {
    let table = this.guestTables.get(rootFrame);
    let writable = true;
    let user = true;
    let executable = true;
    for (let level = this.guestRootLevel; table !== undefined; level--) {
      const entry = table.entries.get(Number((va >> BigInt(12 + 9 * (level - 1))) & 0x1ffn)) ?? 0n;
      if ((entry & PTE_P) === 0n) return null;
      writable &&= (entry & PTE_RW) !== 0n;
      user &&= (entry & PTE_US) !== 0n;
      executable &&= (entry & PTE_NX) === 0n;
      const frame = frameNumber(entry & ENTRY_ADDRESS_MASK);
      if (level === 1 || (entry & PTE_PS) !== 0n) {
        const pageOffset = Number((va >> 12n) & ((1n << BigInt(9 * (level - 1))) - 1n));
        return { frame: frame + pageOffset, writable, user, executable, dirty: (entry & PTE_D) !== 0n };
      }
      table = this.guestTables.get(frame);
    }
    return null;
  }

  private recordVaBases(frame: number, base: bigint): void {
    const table = this.guestTables.get(frame);
    if (table === undefined || this.vaBases!.has(frame)) return;
    this.vaBases!.set(frame, base);
    if (table.level === 1) return;
    for (const [index, entry] of table.entries) {
      if ((entry & PTE_P) === 0n || (entry & PTE_PS) !== 0n) continue;
      this.recordVaBases(frameNumber(entry & ENTRY_ADDRESS_MASK), base | (BigInt(index) << BigInt(12 + 9 * (table.level - 1))));
    }
  }
}

export function frameOf(address: string): number {
  return frameNumber(BigInt(address));
}

export function parseEntries(entries: SparseEntries): Map<number, bigint> {
  return new Map(Object.entries(entries).map(([index, value]) => [Number(index), BigInt(value)]));
}

/** A TLB dump's rights (describeRights(): "rw-u") back to RIGHT_* bits. */
export function rightsFromDump(text: string): number {
  return (text[0] === 'r' ? RIGHT_READ : 0) | (text[1] === 'w' ? RIGHT_WRITE : 0) | (text[2] === 'x' ? RIGHT_EXECUTE : 0) | (text[3] === 'u' ? RIGHT_USER : 0);
}
