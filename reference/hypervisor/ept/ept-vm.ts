import { Gpa, Gva, frameAddress, frameNumber } from '../../addresses';
import { EPT_D, EPT_MEMTYPE_SHIFT, EPT_RWX, MEMTYPE_WB, PTE_D, PTE_P, PTE_RW, PTE_US } from '../../paging/constants';
import { geometryForLevels, levelPageSize } from '../../paging/geometry';
import { PageTableBuilder } from '../../paging/table-builder';
import { Access } from '../../paging/rights';
import { PagingControl, Walker } from '../../paging/walker';
import { NestedPagingConfig, NestedWalker } from '../../nested/nested-walker';
import { NestedWalkSuccess, TwoDReference } from '../../nested/nested-types';
import { Translation, VmHardware } from '../../hardware/translation';
import { HostPageSizeName } from '../../scenario/types';
import { TwoDWalkCaches, twoDimensionalWalkReferences } from '../../hardware/walk-references';
import { Components } from '../../components';
import { HostedVm, HostedVmOptions } from '../hosted-vm';

/**
 * How the hypervisor sets up a VM's nested paging: what it puts in the EPTP
 * (or sets up for nCR3), the table format, walk length and A/D enable, and
 * the pages it backs guest RAM with.
 */
export interface EptVmOptions extends Omit<NestedPagingConfig, 'root'> {
  /** 4 KiB, or 2 MiB runs of host frames mapped by one nested PDE. */
  readonly hostPageSize: HostPageSizeName;
}

/** log2 of each host page size: the nested TLB's granule. */
const HOST_PAGE_SHIFTS: Readonly<Record<HostPageSizeName, bigint>> = Object.freeze({ '4K': 12n, '2M': 21n });
const FRAMES_PER_2M_PAGE = 512;

/** Each violation backs one page; a walk meets at most one unbacked page per guest level and the data page (six with 5 levels). */
const MAX_VIOLATIONS_PER_ACCESS = 8;

/** What the hypervisor maps for guest RAM: read/write/execute, write-back. */
const EPT_RAM_FLAGS = EPT_RWX | (MEMTYPE_WB << EPT_MEMTYPE_SHIFT);
/** NPT maps guest RAM with ordinary PTEs; nested accesses are user accesses, so US is needed. */
const NPT_RAM_FLAGS = PTE_P | PTE_RW | PTE_US;

/**
 * `ept` mode for one VM: the hardware does the 2D walk through the guest's
 * own tables and the hypervisor's EPT (or AMD NPT) tables. The guest's CR3
 * writes, invlpg, page-table stores and page faults never exit; the only
 * exits are EPT violations, where the hypervisor backs a guest frame with a
 * host frame and maps it.
 */
export class EptVm extends HostedVm implements VmHardware {
  private readonly nestedTables: PageTableBuilder;
  private readonly nestedConfig: NestedPagingConfig;
  private readonly walkCaches: TwoDWalkCaches;
  private guestCr3: Gpa | null = null;

  private readonly guestControl: PagingControl;
  private readonly options: EptVmOptions;
  private readonly walker: Walker;
  private readonly nestedWalker: NestedWalker;

  constructor(hosted: HostedVmOptions & { readonly nested: EptVmOptions; readonly components: Pick<Components, 'walker' | 'nestedWalker'> }) {
    super(hosted);
    const { vm, host, guestControl, nested: options, components } = hosted;
    this.guestControl = guestControl;
    this.options = options;
    this.walker = components.walker;
    this.nestedWalker = components.nestedWalker;
    const { format, levels, accessedDirty } = options;
    this.nestedTables = new PageTableBuilder(host.memory, format === 'ept' ? 'ept' : 'x86', geometryForLevels(levels), () => host.allocateZeroedTable());
    this.nestedConfig = { format, levels, accessedDirty, root: this.nestedTables.root };
    this.walkCaches = { guest: host.tlb.walkCache, vpid: this.vpid, nested: host.nestedCaches, vm, nestedPageShift: HOST_PAGE_SHIFTS[options.hostPageSize] };
  }

  // --- the virtual hardware as the guest kernel sees it: nothing here exits but a first touch ---
  writeEntry(address: Gpa, value: bigint): void {
    this.ensureBacked(frameNumber(address));
    this.memoryMap.writeEntry(address, value);
  }
  loadCr3(root: Gpa | null): void {
    this.guestCr3 = root;
    this.context.stats.contextSwitches++;
    this.context.charge('guest-kernel', this.context.costs.tlbControlInstruction);
    this.host.tlb.flushContext(this.vpid);
    this.context.tlbFlushed();
  }
  invlpg(va: Gva): void {
    this.context.stats.tlbPageInvalidations++;
    this.context.charge('guest-kernel', this.context.costs.tlbControlInstruction);
    this.host.tlb.invalidatePage(this.vpid, va);
  }

  // --- user accesses ---
  translate(va: Gva, access: Access): Translation {
    for (let attempt = 0; attempt <= MAX_VIOLATIONS_PER_ACCESS; attempt++) {
      const cached = this.host.tlb.lookup(this.vpid, va, access);
      if (cached !== null) return cached;
      if (this.guestCr3 === null) throw new Error('vmlab internal error: user access with no address space loaded');

      const walk = this.nestedWalker.walk(
        { guest: { root: this.guestCr3, va, access, control: this.guestControl }, nested: this.nestedConfig },
        this.host.memory,
        this.walker,
      );
      this.context.hardwareWalk(twoDimensionalWalkReferences(this.walkCaches, va, walk, this.context.stats.walkCacheHits));
      for (const write of walk.guestAdWrites) this.orInto(write.hpa, write.bits);
      for (const write of walk.nestedAdWrites) this.orInto(write.hpa, write.bits);
      if (walk.ok) {
        const guestPageSize = this.guestPageSize(walk);
        this.host.tlb.fill(this.vpid, va, {
          pageSize: walk.pageSize,
          physical: walk.hpa,
          rights: walk.rights,
          dirty: this.isDirty(walk),
          ...(guestPageSize > walk.pageSize ? { mappedPageSize: guestPageSize } : {}),
        });
        return walk.hpa;
      }

      const fault = walk.fault;
      switch (fault.kind) {
        case 'guest-fault':
          if (fault.errorCode === undefined) throw new Error(`vmlab internal error: guest ${fault.fault.kind} fault on a user access`);
          return fault.errorCode;
        case 'ept-violation':
        case 'npt-fault':
          this.host.exitAndResume(fault.kind === 'ept-violation' ? 'ept-violation' : 'npt-fault');
          this.mapGuestFrame(frameNumber(fault.gpa));
          break;
        case 'ept-misconfig':
          throw new Error(`vmlab internal error: EPT misconfiguration at level ${fault.nestedLevel}: ${fault.reason}`);
      }
    }
    throw new Error(`vmlab internal error: access to 0x${va.toString(16)} still violates after ${MAX_VIOLATIONS_PER_ACCESS} EPT violations`);
  }

  /**
   * INVEPT single-context: what the hardware cached from this VM's nested
   * tables (the nested caches and, as combined mappings, the VM's TLB entries
   * and guest paging-structure entries). The hypervisor needs it after
   * weakening or removing a nested mapping; backing a new frame needs none,
   * since not-present entries are never cached.
   */
  invept(): void {
    this.host.nestedCaches.invept(this.vm);
    this.host.tlb.flushVpid(this.vpid);
  }

  /** The EPTP (or nCR3) this VM runs with: for tools that drive the 2D walk directly. */
  get nestedPaging(): NestedPagingConfig {
    return this.nestedConfig;
  }

  readonly shadowPageTablePages = 0;
  get nestedPageTablePages(): number {
    return this.nestedTables.tablePages();
  }

  /**
   * A TLB entry may serve writes only if no walk would set a dirty bit: the
   * guest leaf's D, and with nested A/D enabled (always for NPT) the nested
   * leaf's D too.
   */
  private isDirty(walk: NestedWalkSuccess): boolean {
    const guestLeaf = this.entryAfterWalk(walk, 'guest');
    if ((guestLeaf & PTE_D) === 0n) return false;
    const nestedDirtyBit = this.nestedConfig.format === 'npt' ? PTE_D : this.nestedConfig.accessedDirty ? EPT_D : 0n;
    return nestedDirtyBit === 0n || (this.entryAfterWalk(walk, 'nested') & nestedDirtyBit) !== 0n;
  }

  /**
   * The size of the guest's page: a guest large page over 4 KiB host pages is
   * cached in 4 KiB pieces, which the guest's invlpg of the large page must
   * all drop.
   */
  private guestPageSize(walk: NestedWalkSuccess): bigint {
    return levelPageSize(this.lastReference(walk, 'guest').level);
  }

  private lastReference(walk: NestedWalkSuccess, dimension: 'guest' | 'nested'): TwoDReference {
    const references = walk.references;
    let last = references.length - 1;
    while (references[last].dimension !== dimension) last--;
    return references[last];
  }

  private entryAfterWalk(walk: NestedWalkSuccess, dimension: 'guest' | 'nested'): bigint {
    const reference = this.lastReference(walk, dimension);
    let entry = reference.entry;
    const writes = dimension === 'guest' ? walk.guestAdWrites : walk.nestedAdWrites;
    for (const write of writes) if (write.hpa === reference.address) entry |= write.bits;
    return entry;
  }

  private orInto(address: bigint, bits: bigint): void {
    this.host.memory.writeEntry(address, this.host.memory.readEntry(address) | bits);
  }

  /** The kernel's first touch of a guest frame exits like any other EPT violation. */
  protected ensureBacked(guestFrame: number): void {
    if (this.memoryMap.isBacked(guestFrame)) return;
    this.host.exitAndResume(this.nestedConfig.format === 'ept' ? 'ept-violation' : 'npt-fault');
    this.mapGuestFrame(guestFrame);
  }

  /** Back `guestFrame` (with 2 MiB host pages, its whole 2 MiB run) and map it in the nested tables. */
  private mapGuestFrame(guestFrame: number): void {
    const flags = this.nestedConfig.format === 'ept' ? EPT_RAM_FLAGS : NPT_RAM_FLAGS;
    if (this.options.hostPageSize === '4K') {
      const hostFrame = this.memoryMap.back(guestFrame);
      this.nestedTables.map(frameAddress(guestFrame), frameAddress(hostFrame), { pageSize: 4096n, flags });
      return;
    }
    const firstGuestFrame = guestFrame - (guestFrame % FRAMES_PER_2M_PAGE);
    const firstHostFrame = this.memoryMap.backRun(firstGuestFrame, FRAMES_PER_2M_PAGE);
    this.nestedTables.map(frameAddress(firstGuestFrame), frameAddress(firstHostFrame), { pageSize: levelPageSize(2), flags });
  }
}
