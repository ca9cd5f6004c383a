import { Gva } from '../../addresses';
import { PhysicalMemory } from '../../memory/physical-memory';
import { EPT_RWX, PTE_P, PTE_RW, PTE_US } from '../../paging/constants';
import { geometryForLevels } from '../../paging/geometry';
import { AccessKind } from '../../paging/rights';
import { EntryMemory, PageTableBuilder } from '../../paging/table-builder';
import { GuestWalkRequest, PagingControl } from '../../paging/walker';
import { NestedPagingConfig, NestedWalkRequest } from '../nested-types';

/**
 * A guest with its own page tables over nested (EPT or NPT) tables, for 2D
 * walk tests. Layout, chosen so every address is easy to predict:
 * - guest tables are guest frames 1, 2, 3, ... (gPA 0x1000, 0x2000, ...) in
 *   the order the guest builder asks for them;
 * - nested tables are host frames from NESTED_TABLE_BASE up, root first;
 * - guest-physical memory is backed by nested leaves of `hostPageSize`, on
 *   first use, at host pages handed out in order (see HOST_BACKING_BASE);
 * - data pages sit at DATA_GPA and above, under a different nested root entry
 *   than the guest tables, so the two can be broken independently.
 */
export const NESTED_TABLE_BASE = 0x10_0000n;
/** Host pages for guest memory start here, or at their own size if larger (a 1 GiB page must be 1 GiB-aligned). */
export const HOST_BACKING_BASE = 0x40_0000n;
/** Nested root index 1 (bit 39), PDPT index 5, PD index 3, PT index 3. */
export const DATA_GPA = 0x81_4060_3000n;
/** 1 GiB-aligned base of the data region: a guest 1 GiB page, or the data under 1 GiB host pages. */
export const DATA_GPA_1G = 0x81_4000_0000n;
export const DATA_GPA_2M = 0x81_4060_0000n;
/** The lecture's worked vector: guest indices 254, 72, 418, 359, offset 0xabc. */
export const VA = 0x0000_7f12_3456_7abcn as Gva;

export const KIB_4 = 0x1000n;
export const MIB_2 = 0x20_0000n;
export const GIB_1 = 0x4000_0000n;

export const GUEST_OPEN = PTE_P | PTE_RW | PTE_US;

export interface TwoDFixtureOptions {
  readonly format?: 'ept' | 'npt';
  readonly guestLevels?: 4 | 5;
  readonly nestedLevels?: 4 | 5;
  /** Size of every nested leaf (default 4 KiB). */
  readonly hostPageSize?: bigint;
  readonly accessedDirty?: boolean;
  readonly executeOnly?: boolean;
  /** Flags of every nested leaf (default: all rights; EPT gets WB from the builder). */
  readonly nestedLeafFlags?: bigint;
}

export class TwoDFixture {
  /** Host memory is an array of frames: keep every host address low. */
  readonly host = new PhysicalMemory(1 << 20);
  readonly nested: PageTableBuilder;
  readonly guest: PageTableBuilder;
  readonly config: NestedPagingConfig;
  readonly control: PagingControl;
  private readonly hostPageSize: bigint;
  private readonly nestedLeafFlags: bigint;
  /** Host page base by guest page base (pages of `hostPageSize`). */
  private readonly backing = new Map<bigint, bigint>();
  private nextBacking: bigint;
  private nextNestedTable = NESTED_TABLE_BASE;
  private nextGuestTable = 0x1000n;

  constructor(options: TwoDFixtureOptions = {}) {
    const format = options.format ?? 'ept';
    this.hostPageSize = options.hostPageSize ?? KIB_4;
    this.nextBacking = this.hostPageSize > HOST_BACKING_BASE ? this.hostPageSize : HOST_BACKING_BASE;
    this.nestedLeafFlags = options.nestedLeafFlags ?? (format === 'ept' ? EPT_RWX : GUEST_OPEN);
    this.nested = new PageTableBuilder(this.host, format === 'ept' ? 'ept' : 'x86', geometryForLevels(options.nestedLevels ?? 4), () => {
      const table = this.nextNestedTable;
      this.nextNestedTable += KIB_4;
      return table;
    });
    this.config = {
      format,
      levels: options.nestedLevels ?? 4,
      root: this.nested.root,
      accessedDirty: options.accessedDirty ?? false,
      executeOnly: options.executeOnly,
    };
    this.control = { wp: true, nxe: true, levels: options.guestLevels ?? 4 };
    this.guest = new PageTableBuilder(this.guestMemory(), 'x86', geometryForLevels(this.control.levels), () => {
      const table = this.nextGuestTable;
      this.nextGuestTable += KIB_4;
      this.back(table);
      return table;
    });
  }

  /** Map `va` in the guest to the page at `pageGpa`, and back the gPA that `va` lands on. */
  mapData(va: bigint, pageGpa: bigint, guestPageSize: bigint = KIB_4, flags: bigint = GUEST_OPEN): bigint {
    this.guest.map(va & ~(guestPageSize - 1n), pageGpa, { pageSize: guestPageSize, flags });
    const gpa = pageGpa | (va & (guestPageSize - 1n));
    this.back(gpa);
    return gpa;
  }

  /** Back the host page containing `gpa` with the next free host page, mapping it in the nested tables. */
  back(gpa: bigint): void {
    const base = gpa & ~(this.hostPageSize - 1n);
    if (this.backing.has(base)) return;
    this.backing.set(base, this.nextBacking);
    this.nested.map(base, this.nextBacking, { pageSize: this.hostPageSize, flags: this.nestedLeafFlags });
    this.nextBacking += this.hostPageSize;
  }

  /** Where `gpa` lives in host memory, by the backing rule (not through the nested tables under test). */
  hpaOf(gpa: bigint): bigint {
    const mask = this.hostPageSize - 1n;
    const base = this.backing.get(gpa & ~mask);
    if (base === undefined) throw new Error(`gPA 0x${gpa.toString(16)} is not backed`);
    return base | (gpa & mask);
  }

  request(va: bigint, kind: AccessKind = 'read', user = true): NestedWalkRequest {
    const guest: GuestWalkRequest = { root: this.guest.root, va: va as Gva, access: { kind, user }, control: this.control };
    return { guest, nested: this.config };
  }

  /** Rewrite the nested entry at `level` on the path of `gpa`. */
  editNested(gpa: bigint, level: number, edit: (entry: bigint) => bigint): void {
    const step = this.nested.path(gpa).find((location) => location.level === level);
    if (step === undefined) throw new Error(`no nested entry at level ${level} for 0x${gpa.toString(16)}`);
    this.host.writeEntry(step.entryAddress, edit(step.entry));
  }

  private guestMemory(): EntryMemory {
    return {
      readEntry: (gpa) => this.host.readEntry(this.hpaOf(gpa)),
      writeEntry: (gpa, value) => this.host.writeEntry(this.hpaOf(gpa), value),
    };
  }
}
