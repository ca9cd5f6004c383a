import { Gpa, Gva, frameNumber } from '../../../reference/addresses';
import { HiddenFaultHandler } from '../../../reference/hypervisor/shadow/hidden-fault-handler';
import { ShadowContext } from '../../../reference/hypervisor/shadow/shadow-context';
import { ShadowPage } from '../../../reference/hypervisor/shadow/shadow-page-tables';
import { ShadowSync } from '../../../reference/hypervisor/shadow/shadow-sync';
import { ENTRY_ADDRESS_MASK, PFERR_ID, PFERR_P, PFERR_U, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { tableIndex } from '../../../reference/paging/geometry';
import { pageFaultErrorCode } from '../../../reference/paging/page-fault';

/**
 * Shadow-paging components written apart from the reference, as a student
 * would, with switches for the mistakes students make (one at a time) and for
 * the correct designs other than the reference's: a sync that updates shadow
 * leaves in place, one that leaves written leaf tables out of sync until the
 * guest's invlpg or CR3 load (KVM's unsync pages), and one without the root
 * cache. With no switch set it does what the reference does.
 */

export type HandlerBug =
  | 'cleanPageWritable'
  | 'leafDropsUser'
  | 'leafExecutable'
  | 'writableIgnoresGuestRw'
  | 'injectWithoutUser'
  | 'injectWithoutPresentBit'
  | 'injectWithoutFetchBit'
  | 'cr2PageAligned'
  | 'noAccessedDirty'
  | 'accessedDirtyOnlyOnSuccess'
  | 'dirtyNeverSet'
  | 'dirtyOnReads'
  | 'accessedOnLeafOnly'
  | 'guestFrameAsHostFrame'
  | 'tablesNotProtected'
  | 'onlyLeafTablesProtected'
  | 'dataFrameProtected'
  | 'linkWithLeafIndex'
  | 'largePageFirstFrameEverywhere'
  | 'largePageDirectPageUnaligned'
  | 'largePagePieceWritableWhenClean'
  | 'unaccessedPteIsNotPresent'
  | 'leafAtTableLevel'
  | 'neverInjects';

export type SyncBug =
  | 'neverZaps'
  | 'neverEmulates'
  | 'emulatesLow32Bits'
  | 'emulatesByOr'
  | 'zapsWrongIndex'
  | 'zapsOnlyLeafTables'
  | 'ignoresRootStores'
  | 'ignoresStoresWhileIdle'
  | 'invlpgKeepsTlb'
  | 'noFlushAfterUnlink'
  | 'flushConditionInverted'
  | 'cr3KeepsTlb'
  | 'oneShadowForAll'
  | 'rootNotProtected'
  | 'rootsLeak'
  | 'protectionNeverReleased'
  | 'releasesAfterFirstStore'
  | 'unsyncNeverResynced'
  | 'unsyncResyncedOnlyAtCr3'
  | 'resyncForgetsProtection'
  | 'updateInPlaceIgnoresDirty'
  | 'updateInPlaceIgnoresAccessed';

export type SyncDesign = 'zap' | 'update-in-place' | 'unsync';

export interface SyncOptions {
  readonly design?: SyncDesign;
  /** Keep each process's shadow across context switches (the reference does). */
  readonly rootCache?: boolean;
  readonly bug?: SyncBug;
}

export function sketchHiddenFaultHandler(bug?: HandlerBug): HiddenFaultHandler {
  const has = (name: HandlerBug) => bug === name;
  return {
    handle({ va, access }, context) {
      const walk = context.walkGuest(va, access);
      let adWrites = walk.adWrites;
      if (has('noAccessedDirty') || (has('accessedDirtyOnlyOnSuccess') && !walk.ok)) adWrites = [];
      if (has('dirtyNeverSet')) adWrites = adWrites.map((write) => ({ ...write, bits: write.bits & ~PTE_D }));
      if (has('accessedOnLeafOnly')) adWrites = adWrites.slice(-1);
      if (has('dirtyOnReads') && walk.ok && access.kind !== 'write') adWrites = adWrites.map((write, i) => (i === adWrites.length - 1 ? { ...write, bits: write.bits | PTE_D } : write));
      for (const write of adWrites) {
        const address = write.entryAddress as Gpa;
        context.guestMemory.writeEntry(address, context.guestMemory.readEntry(address) | write.bits);
      }
      // Sets the A bits, then answers as if the shadow were to blame: the guest's own fault is never delivered.
      if (!walk.ok && has('neverInjects')) return { kind: 'fixed' };
      if (!walk.ok) {
        let errorCode = pageFaultErrorCode(walk.fault, access, context.control.nxe);
        if (has('injectWithoutUser')) errorCode &= ~PFERR_U;
        if (has('injectWithoutPresentBit')) errorCode &= ~PFERR_P;
        if (has('injectWithoutFetchBit')) errorCode &= ~PFERR_ID;
        return { kind: 'inject', errorCode, cr2: has('cr2PageAligned') ? ((va & ~0xfffn) as Gva) : va };
      }
      const leafStep = walk.steps[walk.steps.length - 1];
      if (has('unaccessedPteIsNotPresent') && (leafStep.entry & PTE_A) === 0n && access.kind !== 'write') {
        return { kind: 'inject', errorCode: pageFaultErrorCode({ kind: 'not-present', level: 1 }, access, context.control.nxe), cr2: va };
      }
      const applied = (entryAddress: bigint, entry: bigint) => adWrites.reduce((value, write) => (write.entryAddress === entryAddress ? value | write.bits : value), entry);
      let page = context.shadow.active!;
      for (const step of walk.steps) {
        const guestEntry = applied(step.entryAddress, step.entry);
        const index = has('linkWithLeafIndex') ? tableIndex(va, 1) : step.index;
        // Stops one level early: the leaf goes into the level-2 shadow page, where the guest has a PT.
        if (has('leafAtTableLevel') && step.level === 2 && walk.leafLevel === 1) {
          context.shadow.setLeaf(page, index, context.guestMemory.backFrame(frameNumber(walk.address)), guestEntry, false);
          break;
        }
        if (step.level !== walk.leafLevel) {
          const childFrame = frameNumber(guestEntry & ENTRY_ADDRESS_MASK);
          context.guestMemory.backFrame(childFrame);
          const child = context.shadow.pageFor(childFrame, step.level - 1);
          if (!has('tablesNotProtected') && !(has('onlyLeafTablesProtected') && step.level - 1 > 1)) context.writeProtection.protect(childFrame);
          context.shadow.link(page, index, child, guestEntry);
          page = child;
          continue;
        }
        for (let level = step.level; level > 1; level--) {
          const span = (1n << BigInt(12 + 9 * (level - 1))) - 1n;
          const first = has('largePageDirectPageUnaligned') ? frameNumber(walk.address) : frameNumber(walk.address & ~span);
          const child = context.shadow.directPageFor(first, level - 1);
          context.shadow.link(page, tableIndex(va, level), child, guestEntry & ~PTE_PS);
          page = child;
        }
        const guestFrame = has('largePageFirstFrameEverywhere') ? frameNumber(guestEntry & ENTRY_ADDRESS_MASK) : frameNumber(walk.address);
        const hostFrame = has('guestFrameAsHostFrame') ? guestFrame : context.guestMemory.backFrame(guestFrame);
        if (has('guestFrameAsHostFrame')) context.guestMemory.backFrame(guestFrame);
        const dirty = (guestEntry & PTE_D) !== 0n || has('cleanPageWritable') || (has('largePagePieceWritableWhenClean') && walk.leafLevel > 1);
        const guestAllows = (guestEntry & PTE_RW) !== 0n || has('writableIgnoresGuestRw');
        const trapping = context.writeProtection.isProtected(guestFrame);
        const writable = guestAllows && dirty && !trapping;
        let rights = guestEntry;
        if (has('leafDropsUser')) rights &= ~PTE_US;
        if (has('leafExecutable')) rights &= ~PTE_NX;
        context.shadow.setLeaf(page, tableIndex(va, 1), hostFrame, rights, writable);
        if (has('dataFrameProtected')) context.writeProtection.protect(guestFrame);
      }
      return { kind: 'fixed' };
    },
  };
}

export function sketchShadowSync(options: SyncOptions = {}): ShadowSync {
  const has = (name: SyncBug) => options.bug === name;
  const inPlaceBug = has('updateInPlaceIgnoresDirty') || has('updateInPlaceIgnoresAccessed');
  const design = inPlaceBug ? 'update-in-place' : (options.design ?? 'zap');
  const rootCache = options.rootCache ?? true;
  const unsyncing = design === 'unsync' || has('unsyncNeverResynced') || has('unsyncResyncedOnlyAtCr3') || has('resyncForgetsProtection');
  /** The root shared by every process, for the one mistake that shares it. */
  let sharedRoot: ShadowPage | null = null;

  const release = (context: ShadowContext) => {
    const frames = context.shadow.takeUnshadowed();
    if (has('protectionNeverReleased')) return;
    for (const frame of frames) context.writeProtection.release(frame);
  };
  const freeDeadRoot = (page: ShadowPage, context: ShadowContext) => {
    if (has('rootsLeak') || page === sharedRoot) return;
    context.shadow.freeRoot(page);
  };
  /** Bring every out-of-sync page back in sync: zap what it holds, protect its table again. */
  const resyncAll = (context: ShadowContext) => {
    for (const page of context.shadow.allPages()) {
      if (!page.unsync) continue;
      for (const [index] of context.shadow.presentEntriesOf(page)) context.shadow.zap(page, index);
      if (context.shadow.shadowsOf(page.guestFrame).includes(page)) {
        context.shadow.setUnsync(page, false);
        if (!has('resyncForgetsProtection')) context.writeProtection.protect(page.guestFrame);
      }
    }
    release(context);
  };

  return {
    pageTableWrite(write, context) {
      const old = context.guestMemory.readEntry(write.address);
      let value = write.value;
      if (has('emulatesLow32Bits')) value &= 0xffffffffn;
      if (has('emulatesByOr')) value |= old;
      if (!has('neverEmulates')) context.guestMemory.writeEntry(write.address, value);
      if (has('ignoresStoresWhileIdle') && context.guestCr3 === null) return;
      const guestFrame = frameNumber(write.address);
      const index = has('zapsWrongIndex') ? Number((write.address & 0xfffn) >> 4n) : Number((write.address & 0xfffn) >> 3n);
      let unlinked = false;
      let leafZapped = false;
      for (const page of [...context.shadow.shadowsOf(guestFrame)]) {
        if (has('neverZaps')) break;
        if (page.level > 1 && has('zapsOnlyLeafTables')) continue;
        if (page.level === context.shadow.rootLevel && has('ignoresRootStores')) continue;
        if (page.level === 1 && unsyncing) {
          // KVM's unsync: leave the entry behind, stop trapping; the guest's invlpg or next CR3 load brings it up to date.
          context.shadow.setUnsync(page, true);
          context.writeProtection.release(guestFrame);
          continue;
        }
        // In place only while the entry stays present and accessed: a cleared A must be seen set again by the next access.
        if (page.level === 1 && design === 'update-in-place' && (value & PTE_P) !== 0n && ((value & PTE_A) !== 0n || has('updateInPlaceIgnoresAccessed'))) {
          if ((context.shadow.readEntry(page, index) & PTE_P) === 0n) continue;
          const frame = frameNumber(value & ENTRY_ADDRESS_MASK);
          const hostFrame = context.guestMemory.backFrame(frame);
          const dirty = (value & PTE_D) !== 0n || has('updateInPlaceIgnoresDirty');
          const writable = (value & PTE_RW) !== 0n && dirty && !context.writeProtection.isProtected(frame);
          context.shadow.setLeaf(page, index, hostFrame, value, writable);
          continue;
        }
        const result = context.shadow.zap(page, index);
        if (result === 'table') unlinked = true;
        if (result === 'leaf') leafZapped = true;
        if (page.level === context.shadow.rootLevel && page !== context.shadow.active && page.presentEntries === 0) freeDeadRoot(page, context);
      }
      const flush = has('flushConditionInverted') ? leafZapped : unlinked && !has('noFlushAfterUnlink');
      if (flush) context.tlb.flushAll();
      release(context);
      if (has('releasesAfterFirstStore')) context.writeProtection.release(guestFrame);
    },
    frameOverwrite(guestFrame, context) {
      context.shadow.dropShadowsOf(guestFrame);
      context.tlb.flushAll();
      release(context);
      if (!has('protectionNeverReleased')) context.writeProtection.release(guestFrame);
    },
    invlpg(va, context) {
      const slot = context.shadow.leafSlot(va);
      const keepsLeaf = design === 'update-in-place' || has('unsyncNeverResynced') || has('unsyncResyncedOnlyAtCr3');
      if (slot !== null && (!keepsLeaf || (design === 'unsync' && slot.page.unsync))) context.shadow.zap(slot.page, slot.index);
      if (!has('invlpgKeepsTlb')) context.tlb.invalidatePage(va);
    },
    cr3Write(root, context) {
      let next: ShadowPage | null = null;
      if (root !== null) {
        if (has('oneShadowForAll') && sharedRoot !== null && context.shadow.roots().includes(sharedRoot)) {
          // One shadow for every process: emptied on each switch so no other process's mapping shows through.
          for (const [index] of context.shadow.presentEntriesOf(sharedRoot)) context.shadow.zap(sharedRoot, index);
          next = sharedRoot;
        } else {
          next = context.shadow.pageFor(frameNumber(root), context.shadow.rootLevel);
          if (has('oneShadowForAll')) sharedRoot = next;
        }
        if (!has('rootNotProtected')) context.writeProtection.protect(frameNumber(root));
      }
      for (const old of context.shadow.roots()) {
        if (old === next) continue;
        if (!rootCache) for (const [index] of context.shadow.presentEntriesOf(old)) context.shadow.zap(old, index);
        if (old.presentEntries === 0) freeDeadRoot(old, context);
      }
      if (unsyncing && !has('unsyncNeverResynced')) resyncAll(context);
      release(context);
      if (!has('cr3KeepsTlb')) context.tlb.flushContext();
      return next;
    },
  };
}

/** Correct designs other than the reference's: each must pass every test. */
export const ALTERNATIVE_DESIGNS: ReadonlyArray<{ readonly name: string; readonly options: SyncOptions }> = [
  { name: 'a sync that updates shadow leaves in place', options: { design: 'update-in-place' } },
  { name: 'a sync that leaves written leaf tables out of sync until invlpg or a CR3 load (unsync)', options: { design: 'unsync' } },
  { name: 'a sync without the root cache (every CR3 load empties the other shadows)', options: { rootCache: false } },
];
