import { hex } from '../../../reference/addresses';
import { ImageMemory } from '../../../observe/memory-image';
import { NestedWalkProbe, ProbeAccess } from '../../../observe/probe-types';
import { EPT_RWX, PTE_P, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { geometryForLevels } from '../../../reference/paging/geometry';
import { EntryMemory, PageTableBuilder, TableEntryLocation } from '../../../reference/paging/table-builder';

export const KIB_4 = 0x1000n;
export const MIB_2 = 0x20_0000n;
export const GIB_1 = 0x4000_0000n;
export const PAGE_SIZES: readonly bigint[] = [KIB_4, MIB_2, GIB_1];

/** Guest entries that grant everything: the leaf alone (or an edit) restricts. */
export const GUEST_OPEN = PTE_P | PTE_RW | PTE_US;

/** The leaf level of a page size: 1 for 4 KiB, 2 for 2 MiB, 3 for 1 GiB. */
export function leafLevelOf(pageSize: bigint): number {
  return pageSize === KIB_4 ? 1 : pageSize === MIB_2 ? 2 : 3;
}

/** What the hardware is set up with: the guest's paging controls and the EPTP/nCR3 controls. */
export interface TwoDSetup {
  readonly format: 'ept' | 'npt';
  readonly guestLevels: 4 | 5;
  readonly nestedLevels: 4 | 5;
  readonly accessedDirty: boolean;
  readonly executeOnly?: boolean;
  /** CR0.WP and EFER.NXE of the guest (default both set, as the guest OS of this simulator runs). */
  readonly wp?: boolean;
  readonly nxe?: boolean;
  /** Size of the nested leaves backing guest page tables (default 4 KiB). */
  readonly tableHostPageSize?: bigint;
  /** Size of the nested leaves backing data pages (default 4 KiB). */
  readonly dataHostPageSize?: bigint;
  /** Flags of every nested leaf (default all rights: EPT R|W|X with write-back, NPT P|RW|US). */
  readonly nestedLeafFlags?: bigint;
}

/** Where things go: a readable sequential layout for hand-made probes, a random one for generated ones. */
export interface TwoDPlacement {
  /** hPA of a new nested table page. */
  nestedTable(): bigint;
  /** gPA of a new guest table page. */
  guestTable(): bigint;
  /** hPA of the host page (of `size`) that backs the guest page at `gpaBase`. */
  hostPage(gpaBase: bigint, size: bigint): bigint;
}

/**
 * A guest's page tables over nested (EPT or NPT) tables, all in one sparse
 * host memory image, built with the reference's PageTableBuilder: the input
 * of a nested-walk probe. Guest tables live in guest-physical memory that the
 * nested tables back, page by page, as it is first used.
 */
export class TwoDImage {
  readonly memory = new ImageMemory();
  readonly nested: PageTableBuilder;
  readonly guest: PageTableBuilder;
  /** Host page base by guest page base, for each backing page size. */
  private readonly backing = new Map<bigint, Map<bigint, bigint>>(PAGE_SIZES.map((size) => [size, new Map<bigint, bigint>()]));
  private readonly nestedLeafFlags: bigint;

  constructor(
    readonly setup: TwoDSetup,
    private readonly placement: TwoDPlacement,
  ) {
    this.nestedLeafFlags = setup.nestedLeafFlags ?? (setup.format === 'ept' ? EPT_RWX : GUEST_OPEN);
    this.nested = new PageTableBuilder(this.memory, setup.format === 'ept' ? 'ept' : 'x86', geometryForLevels(setup.nestedLevels), () => placement.nestedTable());
    this.guest = new PageTableBuilder(this.guestMemory(), 'x86', geometryForLevels(setup.guestLevels), () => {
      const table = placement.guestTable();
      this.back(table, setup.tableHostPageSize ?? KIB_4);
      return table;
    });
  }

  /** Map the guest page at `va` to `pageGpa` and back the gPA `va` lands on. Returns that gPA. */
  mapData(va: bigint, pageGpa: bigint, guestPageSize: bigint, flags: bigint = GUEST_OPEN): bigint {
    this.guest.map(va & ~(guestPageSize - 1n), pageGpa, { pageSize: guestPageSize, flags });
    const gpa = pageGpa | (va & (guestPageSize - 1n));
    this.back(gpa, this.setup.dataHostPageSize ?? KIB_4);
    return gpa;
  }

  /** Back the host page of `size` containing `gpa`, once, with a nested leaf. */
  back(gpa: bigint, size: bigint): void {
    const base = gpa & ~(size - 1n);
    const pages = this.backing.get(size)!;
    if (pages.has(base)) return;
    const hostPage = this.placement.hostPage(base, size);
    pages.set(base, hostPage);
    this.nested.map(base, hostPage, { pageSize: size, flags: this.nestedLeafFlags });
  }

  /** Where `gpa` lives in host memory, by the backing made here (not through the nested tables, which tests edit). */
  hpaOf(gpa: bigint): bigint {
    for (const [size, pages] of this.backing) {
      const base = pages.get(gpa & ~(size - 1n));
      if (base !== undefined) return base | (gpa & (size - 1n));
    }
    throw new Error(`gPA ${hex(gpa)} is not backed`);
  }

  /** The levels of the guest walk of `va`, top down, as far as it goes. */
  guestPath(va: bigint): TableEntryLocation[] {
    return this.guest.path(va);
  }

  /** The nested entries on the path of `gpa`, top down. */
  nestedPath(gpa: bigint): TableEntryLocation[] {
    return this.nested.path(gpa);
  }

  /** Rewrite the guest entry at `level` on the path of `va`. */
  editGuest(va: bigint, level: number, edit: (entry: bigint) => bigint): void {
    const location = this.guestEntry(va, level);
    this.memory.writeEntry(this.hpaOf(location.entryAddress), edit(location.entry));
  }

  /** Rewrite the nested entry at `level` on the path of `gpa`. */
  editNested(gpa: bigint, level: number, edit: (entry: bigint) => bigint): void {
    const location = this.nested.path(gpa).find((candidate) => candidate.level === level);
    if (location === undefined) throw new Error(`no nested entry at level ${level} on the path of ${hex(gpa)}`);
    this.memory.writeEntry(location.entryAddress, edit(location.entry));
  }

  probe(va: bigint, access: ProbeAccess): NestedWalkProbe {
    const { setup } = this;
    return {
      kind: 'nested-walk',
      guest: {
        control: { wp: setup.wp ?? true, nxe: setup.nxe ?? true, levels: setup.guestLevels },
        root: hex(this.guest.root),
        va: hex(va),
        access,
      },
      nested: {
        format: setup.format,
        levels: setup.nestedLevels,
        root: hex(this.nested.root),
        accessedDirty: setup.accessedDirty,
        ...(setup.executeOnly === undefined ? {} : { executeOnly: setup.executeOnly }),
      },
      memory: this.memory.toImage(),
    };
  }

  private guestEntry(va: bigint, level: number): TableEntryLocation {
    const location = this.guest.path(va).find((candidate) => candidate.level === level);
    if (location === undefined) throw new Error(`the guest walk of ${hex(va)} does not reach level ${level}`);
    return location;
  }

  private guestMemory(): EntryMemory {
    return {
      readEntry: (gpa) => this.memory.readEntry(this.hpaOf(gpa)),
      writeEntry: (gpa, value) => this.memory.writeEntry(this.hpaOf(gpa), value),
    };
  }
}
