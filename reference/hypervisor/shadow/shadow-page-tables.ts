import { Gpa, frameAddress, frameNumber } from '../../addresses';
import { invariant } from '../../errors';
import { PTE_A, PTE_D, PTE_NX, PTE_P, PTE_RW, PTE_US } from '../../paging/constants';
import { tableIndex } from '../../paging/geometry';
import { Host } from '../host';

/**
 * One shadow page-table page: the hypervisor's gVA->hPA counterpart of one
 * guest page-table page (found by the guest frame, as KVM hashes shadow pages
 * by gfn), or a "direct" page that splits a guest large page into 4 KiB pieces.
 */
export interface ShadowPage {
  readonly hostFrame: number;
  /** The guest table it shadows; for a direct page, the first guest frame it maps. */
  readonly guestFrame: number;
  readonly level: number;
  readonly direct: boolean;
  /** Shadow entries that point to this page. */
  readonly parents: Array<{ readonly page: ShadowPage; readonly index: number }>;
  /** Child shadow pages by entry index. */
  readonly children: Map<number, ShadowPage>;
  presentEntries: number;
}

export type ZapResult = 'not-present' | 'leaf' | 'table';

/**
 * The shadow-table substrate the shadow components are written against:
 * creating, linking, filling and zapping shadow entries, with the bookkeeping
 * (write protection of shadowed guest tables, parent links, freeing) done here
 * once.
 *
 * Lifetime policy: a guest table is write-protected exactly while a shadow page
 * shadows it. A non-root shadow page is freed as soon as no shadow entry points
 * to it. A root is kept across context switches (so switching back costs no
 * rebuild) and freed once it is neither loaded nor holds any entry, which is
 * what happens when the guest tears a process down.
 */
export class ShadowPageTables {
  private readonly byGuestFrame = new Map<number, ShadowPage[]>();
  private readonly directPages = new Map<string, ShadowPage>();
  private activeRoot: ShadowPage | null = null;
  private pages = 0;

  constructor(
    private readonly host: Host,
    readonly rootLevel: number,
  ) {}

  get pageCount(): number {
    return this.pages;
  }

  get active(): ShadowPage | null {
    return this.activeRoot;
  }

  /** Is this guest frame a shadowed page table (so guest stores to it must trap)? */
  isWriteProtected(guestFrame: number): boolean {
    return this.byGuestFrame.has(guestFrame);
  }

  /** Every shadow page, direct pages included (for audits and reports). */
  allPages(): ShadowPage[] {
    return [...[...this.byGuestFrame.values()].flat(), ...this.directPages.values()];
  }

  shadowsOf(guestFrame: number): readonly ShadowPage[] {
    return this.byGuestFrame.get(guestFrame) ?? [];
  }

  /** Make the shadow of guest root `root` the active one (creating it); returns its hPA, or null for no root. */
  activateRoot(root: Gpa | null): bigint | null {
    const previous = this.activeRoot;
    this.activeRoot = root === null ? null : this.pageFor(frameNumber(root), this.rootLevel);
    if (previous !== null && previous !== this.activeRoot) this.collectIfUnused(previous);
    return this.activeRoot === null ? null : frameAddress(this.activeRoot.hostFrame);
  }

  /** The shadow page of guest table `guestFrame` used at `level`, created empty (and write-protecting it) if needed. */
  pageFor(guestFrame: number, level: number): ShadowPage {
    const existing = this.byGuestFrame.get(guestFrame)?.find((page) => page.level === level);
    if (existing !== undefined) return existing;
    const page = this.newPage(guestFrame, level, false);
    const list = this.byGuestFrame.get(guestFrame);
    if (list === undefined) this.byGuestFrame.set(guestFrame, [page]);
    else list.push(page);
    return page;
  }

  /** A hypervisor-owned page mapping guest frames firstGuestFrame.. in 4 KiB pieces (for a guest large page). */
  directPageFor(firstGuestFrame: number, level: number): ShadowPage {
    const key = `${firstGuestFrame}:${level}`;
    let page = this.directPages.get(key);
    if (page === undefined) {
      page = this.newPage(firstGuestFrame, level, true);
      this.directPages.set(key, page);
    }
    return page;
  }

  entryAddress(page: ShadowPage, index: number): bigint {
    return frameAddress(page.hostFrame) + BigInt(index * 8);
  }

  readEntry(page: ShadowPage, index: number): bigint {
    return this.host.memory.readFrameEntry(page.hostFrame, index * 8);
  }

  /**
   * Point entry `index` of `page` at shadow page `child`. The entry copies the
   * guest entry's RW, US and NX, so rights combine over the shadow walk exactly
   * as over the guest walk; A is preset because guest A bits are emulated, not
   * taken from shadow entries.
   */
  link(page: ShadowPage, index: number, child: ShadowPage, guestEntry: bigint): void {
    const current = page.children.get(index);
    if (current !== child) {
      this.zap(page, index);
      page.children.set(index, child);
      child.parents.push({ page, index });
    }
    this.store(page, index, frameAddress(child.hostFrame) | PTE_P | PTE_A | (guestEntry & (PTE_RW | PTE_US | PTE_NX)));
  }

  /**
   * Map entry `index` of level-1 page `page` to `hostFrame` with the guest
   * leaf's US and NX, writable only when `writable` (the caller decides: the
   * guest allows it and the guest PTE is already dirty).
   */
  setLeaf(page: ShadowPage, index: number, hostFrame: number, guestEntry: bigint, writable: boolean): void {
    invariant(page.level === 1, 'shadow leaves are 4 KiB entries');
    if (page.children.has(index)) this.zap(page, index);
    const rights = (guestEntry & (PTE_US | PTE_NX)) | (writable ? PTE_RW | PTE_D : 0n);
    this.store(page, index, frameAddress(hostFrame) | PTE_P | PTE_A | rights);
  }

  /** Clear one shadow entry, freeing the subtree it pointed to if nothing else uses it. */
  zap(page: ShadowPage, index: number): ZapResult {
    const entry = this.readEntry(page, index);
    if ((entry & PTE_P) === 0n) return 'not-present';
    this.host.memory.writeFrameEntry(page.hostFrame, index * 8, 0n);
    page.presentEntries--;
    const child = page.children.get(index);
    if (child !== undefined) {
      page.children.delete(index);
      child.parents.splice(
        child.parents.findIndex((slot) => slot.page === page && slot.index === index),
        1,
      );
      this.collectIfUnused(child);
    }
    this.collectIfUnused(page);
    return child === undefined ? 'leaf' : 'table';
  }

  /** The active shadow's level-1 slot for `va`, if the shadow path to it exists. */
  leafSlot(va: bigint): { page: ShadowPage; index: number } | null {
    let page = this.activeRoot;
    while (page !== null && page.level > 1) page = page.children.get(tableIndex(va, page.level)) ?? null;
    return page === null ? null : { page, index: tableIndex(va, 1) };
  }

  /** Drop every shadow of a guest frame the guest is reusing as something else (zero-fill, copy). */
  unshadowFrame(guestFrame: number): void {
    for (const page of [...this.shadowsOf(guestFrame)]) {
      for (const index of this.presentIndices(page)) this.zap(page, index);
      for (const slot of [...page.parents]) this.zap(slot.page, slot.index);
    }
  }

  /** The present entries of `page` as [index, entry] pairs, in index order (for audits and dumps). */
  presentEntriesOf(page: ShadowPage): Array<[number, bigint]> {
    // Read from the frame directly: audits and dumps read every shadow page, often.
    const frame = this.host.memory.frame(page.hostFrame);
    const entries: Array<[number, bigint]> = [];
    for (let index = 0; index < 512 && entries.length < page.presentEntries; index++) {
      const entry = frame.readEntry(index);
      if ((entry & PTE_P) !== 0n) entries.push([index, entry]);
    }
    return entries;
  }

  private presentIndices(page: ShadowPage): number[] {
    const indices: number[] = [];
    for (let index = 0; index < 512 && indices.length < page.presentEntries; index++) {
      if ((this.readEntry(page, index) & PTE_P) !== 0n) indices.push(index);
    }
    return indices;
  }

  private store(page: ShadowPage, index: number, entry: bigint): void {
    if ((this.readEntry(page, index) & PTE_P) === 0n) page.presentEntries++;
    this.host.memory.writeFrameEntry(page.hostFrame, index * 8, entry);
  }

  private newPage(guestFrame: number, level: number, direct: boolean): ShadowPage {
    this.pages++;
    return { hostFrame: this.host.allocateZeroedFrame(), guestFrame, level, direct, parents: [], children: new Map(), presentEntries: 0 };
  }

  private collectIfUnused(page: ShadowPage): void {
    if (page.parents.length > 0 || page === this.activeRoot) return;
    const isRoot = !page.direct && page.level === this.rootLevel;
    if (isRoot && page.presentEntries > 0) return;
    this.free(page);
  }

  private free(page: ShadowPage): void {
    for (const [index, child] of [...page.children]) {
      page.children.delete(index);
      child.parents.splice(
        child.parents.findIndex((slot) => slot.page === page && slot.index === index),
        1,
      );
      this.collectIfUnused(child);
    }
    if (page.direct) {
      this.directPages.delete(`${page.guestFrame}:${page.level}`);
    } else {
      const list = this.byGuestFrame.get(page.guestFrame)!;
      list.splice(list.indexOf(page), 1);
      if (list.length === 0) this.byGuestFrame.delete(page.guestFrame);
    }
    this.host.memory.zeroFrame(page.hostFrame);
    this.host.freeFrame(page.hostFrame);
    this.pages--;
  }
}
