import { frameAddress } from '../../addresses';
import { ComponentError, describeValue } from '../../errors';
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
  /** Marked out of sync by the components (level-1 pages only): see `setUnsync`. */
  unsync: boolean;
}

export type ZapResult = 'not-present' | 'leaf' | 'table';

/**
 * The shadow-table substrate the shadow components are written against: the
 * mechanics of allocating, linking, filling and zapping shadow pages, with the
 * bookkeeping (parent links, freeing) done here once. Which guest frames are
 * write-protected, when shadows are brought up to date and when a root is
 * dropped are the components' decisions, not this class's.
 *
 * Lifetime: a non-root shadow page is freed as soon as no shadow entry points
 * to it (the `zap` that unlinks it frees it). A root (a non-direct page at the
 * guest's top level) is kept until `freeRoot`, so switching back to a process
 * costs no rebuild: the components decide when a process's shadow is dead.
 */
export class ShadowPageTables {
  private readonly byGuestFrame = new Map<number, ShadowPage[]>();
  private readonly directPages = new Map<string, ShadowPage>();
  private activeRoot: ShadowPage | null = null;
  private pages = 0;
  /** Guest frames whose last shadow page was freed since `takeUnshadowed` was last called. */
  private unshadowed = new Set<number>();
  /** The pages not yet freed: a component holding on to a freed page is told so, not left to corrupt the bookkeeping. */
  private readonly live = new Set<ShadowPage>();

  constructor(
    private readonly host: Host,
    readonly rootLevel: number,
  ) {}

  /** Shadow pages in use, direct pages included: the hypervisor's page-table memory, in 4 KiB pages. */
  get pageCount(): number {
    return this.pages;
  }

  /** The root the hardware's CR3 holds (what the last `cr3Write` returned). */
  get active(): ShadowPage | null {
    return this.activeRoot;
  }

  /** Every shadow page, direct pages included (for audits and reports). */
  allPages(): ShadowPage[] {
    return [...[...this.byGuestFrame.values()].flat(), ...this.directPages.values()];
  }

  /** Every shadow page of the guest table at `guestFrame` (one per level it is used at: normally one). */
  shadowsOf(guestFrame: number): readonly ShadowPage[] {
    return this.byGuestFrame.get(guestFrame) ?? [];
  }

  /** Every live root (a non-direct page at the guest's top level), loaded or not. */
  roots(): ShadowPage[] {
    const roots: ShadowPage[] = [];
    for (const list of this.byGuestFrame.values()) for (const page of list) if (page.level === this.rootLevel) roots.push(page);
    return roots;
  }

  /**
   * The guest frames whose last shadow page was freed (by a zap that unlinked
   * it, `freeRoot` or `dropShadowsOf`) since the previous call, and still
   * shadowed by none: no shadow derives from them any more.
   */
  takeUnshadowed(): number[] {
    const frames = [...this.unshadowed].filter((frame) => !this.byGuestFrame.has(frame));
    this.unshadowed = new Set();
    return frames;
  }

  /** The machine loads the root `cr3Write` returned into the hardware's CR3; returns its host-physical address. */
  loadRoot(root: ShadowPage | null): bigint | null {
    if (root !== null && !this.live.has(root)) throw new ComponentError(`returned ${describeValue(root)} from cr3Write: it must return a live shadow root (from shadow.pageFor at the top level), or null`);
    if (root !== null && (root.direct || root.level !== this.rootLevel || !this.shadowsOf(root.guestFrame).includes(root))) {
      throw new ComponentError(`returned a shadow page that is not a root from cr3Write (level ${root.level}${root.direct ? ', direct' : ''}, shadowing guest frame 0x${frameAddress(root.guestFrame).toString(16)}): the hardware's CR3 must hold the level-${this.rootLevel} shadow of the guest's CR3`);
    }
    const previous = this.activeRoot;
    this.activeRoot = root;
    if (previous !== null && previous !== root) this.collectIfUnused(previous);
    return root === null ? null : frameAddress(root.hostFrame);
  }

  /** Free a root that is not loaded: its entries are zapped (freeing what only it used) and its host frame returned. */
  freeRoot(root: ShadowPage): void {
    this.checkPage(root, 'freeRoot');
    if (root === this.activeRoot) throw new ComponentError("called shadow.freeRoot on the root loaded in the hardware's CR3: only a root no CR3 holds may be freed");
    if (root.direct || root.level !== this.rootLevel) throw new ComponentError(`called shadow.freeRoot on a level-${root.level}${root.direct ? ' direct' : ''} shadow page, which is not a root: other pages are freed when no entry points to them`);
    for (const index of this.presentIndices(root)) this.zap(root, index);
    this.free(root);
  }

  /**
   * Mark a level-1 shadow page out of sync (or back in sync). While it is out
   * of sync its guest table may be left unprotected and its entries may lag
   * behind the guest's, but only until the guest's next invalidation of a
   * page it maps (invlpg, or a CR3 load that makes it reachable): see the
   * spec's rules. The mark is data for the rules; it changes no mechanics.
   */
  setUnsync(page: ShadowPage, unsync: boolean): void {
    this.checkPage(page, 'setUnsync');
    if (page.level !== 1 || page.direct) throw new ComponentError(`called shadow.setUnsync on a level-${page.level}${page.direct ? ' direct' : ''} shadow page: only a level-1 shadow page of a guest table can be out of sync`);
    page.unsync = unsync;
  }

  /** The shadow page of guest table `guestFrame` used at `level`, created empty if needed (it protects nothing: see WriteProtection). */
  pageFor(guestFrame: number, level: number): ShadowPage {
    this.checkFrameAndLevel('pageFor', guestFrame, level, this.rootLevel);
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
    this.checkFrameAndLevel('directPageFor', firstGuestFrame, level, this.rootLevel - 1);
    const key = `${firstGuestFrame}:${level}`;
    let page = this.directPages.get(key);
    if (page === undefined) {
      page = this.newPage(firstGuestFrame, level, true);
      this.directPages.set(key, page);
    }
    return page;
  }

  entryAddress(page: ShadowPage, index: number): bigint {
    this.checkSlot(page, index, 'entryAddress');
    return frameAddress(page.hostFrame) + BigInt(index * 8);
  }

  readEntry(page: ShadowPage, index: number): bigint {
    this.checkSlot(page, index, 'readEntry');
    return this.host.memory.readFrameEntry(page.hostFrame, index * 8);
  }

  /**
   * Point entry `index` of `page` at shadow page `child`. The entry copies the
   * guest entry's RW, US and NX, so rights combine over the shadow walk exactly
   * as over the guest walk; A is preset because guest A bits are emulated, not
   * taken from shadow entries.
   */
  link(page: ShadowPage, index: number, child: ShadowPage, guestEntry: bigint): void {
    this.checkSlot(page, index, 'link');
    this.checkPage(child, 'link');
    checkEntry(guestEntry, 'link');
    if (page.level === 1) throw new ComponentError(`called shadow.link on a level-1 shadow page: your shadow entry at level 1 points to a table where the guest maps a 4 KiB page (fill a level-1 entry with setLeaf)`);
    if (child.level !== page.level - 1) throw new ComponentError(`called shadow.link to put a level-${child.level} shadow page under a level-${page.level} entry: the entry at level ${page.level} must point to a level-${page.level - 1} shadow page, as the guest's points to its level-${page.level - 1} table`);
    if (child === page) throw new ComponentError('called shadow.link to point a shadow page at itself');
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
    this.checkSlot(page, index, 'setLeaf');
    checkEntry(guestEntry, 'setLeaf');
    if (page.level !== 1) {
      throw new ComponentError(
        `called shadow.setLeaf on a level-${page.level} shadow page: your shadow entry at level ${page.level} maps a 4 KiB page where the guest maps ${page.direct ? 'a large page, split into level-1 direct pages' : 'a table'} (walk down with link to the level-1 shadow page, and fill the leaf there)`,
      );
    }
    if (!Number.isSafeInteger(hostFrame) || hostFrame < 0 || hostFrame >= this.host.memory.frameCount) {
      throw new ComponentError(`called shadow.setLeaf with host frame ${String(hostFrame)}, which is not a frame of host memory: a shadow leaf maps the host frame guestMemory.backFrame returned for the guest's frame`);
    }
    if (page.children.has(index)) this.zap(page, index);
    const rights = (guestEntry & (PTE_US | PTE_NX)) | (writable ? PTE_RW | PTE_D : 0n);
    this.store(page, index, frameAddress(hostFrame) | PTE_P | PTE_A | rights);
  }

  /** Clear one shadow entry, freeing the subtree it pointed to if nothing else uses it. */
  zap(page: ShadowPage, index: number): ZapResult {
    this.checkSlot(page, index, 'zap');
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

  /**
   * Zap every shadow page of a guest frame: its entries and every entry that
   * links to it, so the non-root ones are freed, and free it if it is an
   * unloaded root. Returns true when a shadow table was unlinked (so
   * translations through it may be cached in the TLB).
   */
  dropShadowsOf(guestFrame: number): boolean {
    let unlinked = false;
    for (const page of [...this.shadowsOf(guestFrame)]) {
      for (const index of this.presentIndices(page)) if (this.zap(page, index) === 'table') unlinked = true;
      for (const slot of [...page.parents]) if (this.zap(slot.page, slot.index) === 'table') unlinked = true;
      if (page.level === this.rootLevel && page !== this.activeRoot && this.shadowsOf(guestFrame).includes(page)) this.free(page);
    }
    return unlinked;
  }

  /** The present entries of `page` as [index, entry] pairs, in index order (for audits and dumps). */
  presentEntriesOf(page: ShadowPage): Array<[number, bigint]> {
    this.checkPage(page, 'presentEntriesOf');
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
    const page: ShadowPage = { hostFrame: this.host.allocateZeroedFrame(), guestFrame, level, direct, parents: [], children: new Map(), presentEntries: 0, unsync: false };
    this.live.add(page);
    return page;
  }

  /** A component's page argument must be a page of these tables that is not freed yet. */
  private checkPage(page: ShadowPage, method: string): void {
    if (this.live.has(page)) return;
    const known = typeof page === 'object' && page !== null && 'hostFrame' in page && 'level' in page;
    throw new ComponentError(
      known
        ? `called shadow.${method} with a level-${page.level} shadow page that was already freed (a zap that unlinked it, freeRoot or a dropped shadow frees it): look the page up again instead of keeping it`
        : `called shadow.${method} with ${describeValue(page)}, which is not a shadow page`,
    );
  }

  private checkSlot(page: ShadowPage, index: number, method: string): void {
    this.checkPage(page, method);
    if (!Number.isSafeInteger(index) || index < 0 || index >= ENTRIES_PER_TABLE) throw new ComponentError(`called shadow.${method} with entry index ${String(index)}: a table has entries 0 to ${ENTRIES_PER_TABLE - 1}`);
  }

  private checkFrameAndLevel(method: string, guestFrame: number, level: number, topLevel: number): void {
    if (!Number.isSafeInteger(guestFrame) || guestFrame < 0) throw new ComponentError(`called shadow.${method} with guest frame ${String(guestFrame)}: a frame number is a whole number (a gPA shifted right by 12)`);
    if (!Number.isSafeInteger(level) || level < 1 || level > topLevel) throw new ComponentError(`called shadow.${method} with level ${String(level)}: ${method === 'pageFor' ? 'shadow pages' : 'direct pages'} are at levels 1 to ${topLevel}`);
  }

  /** Free a non-root page nothing links to any more (roots wait for `freeRoot`). */
  private collectIfUnused(page: ShadowPage): void {
    if (page.parents.length > 0 || page === this.activeRoot) return;
    if (!page.direct && page.level === this.rootLevel) return;
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
      if (list.length === 0) {
        this.byGuestFrame.delete(page.guestFrame);
        this.unshadowed.add(page.guestFrame);
      }
    }
    this.host.memory.zeroFrame(page.hostFrame);
    this.host.freeFrame(page.hostFrame);
    this.live.delete(page);
    this.pages--;
  }
}

const ENTRIES_PER_TABLE = 512;

/** The guest entry a component hands over must be a 64-bit entry. */
function checkEntry(guestEntry: bigint, method: string): void {
  if (typeof guestEntry !== 'bigint' || guestEntry < 0n || guestEntry >= 1n << 64n) throw new ComponentError(`called shadow.${method} with guest entry ${describeValue(guestEntry)}: pass the guest's 64-bit entry as a bigint`);
}
