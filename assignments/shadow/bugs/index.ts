import { RealisticBug } from '../../framework/realistic-bug';
import { HandlerBug, sketchHiddenFaultHandler, sketchShadowSync, SyncBug } from '../test-support/sketch-shadow';

/**
 * The realistic mistakes of the shadow assignment: each is one wrong decision
 * a student makes in one component (the other is the reference's), named by
 * the manifest rule it breaks and the words its first public failure must use.
 */

const handler = (id: HandlerBug, rule: string, mistake: string, feedback: RegExp, names: RegExp): RealisticBug => ({
  id,
  rule,
  mistake,
  feedback,
  names,
  components: { hiddenFaultHandler: sketchHiddenFaultHandler(id) },
});
const sync = (id: SyncBug, rule: string, mistake: string, feedback: RegExp, names: RegExp): RealisticBug => ({
  id,
  rule,
  mistake,
  feedback,
  names,
  components: { shadowSync: sketchShadowSync({ bug: id }) },
});

const STALE = /stale|guest entry is not present|points to|derived from/;
const TLB = /TLB entr(y|ies)/;

export const REALISTIC_BUGS: readonly RealisticBug[] = [
  handler('cleanPageWritable', 'writable-only-when-dirty', 'maps a clean page writable (the first write cannot set D)', /clean \(D = 0\)|dirty bits differ/, /writable only once the guest PTE is dirty|clean page read-only/),
  handler('leafDropsUser', 'shadow-derives-from-guest', 'installs supervisor-only leaves, so user accesses fault forever', /kept answering 'fixed'/, /guest entry's US bit/),
  handler('leafExecutable', 'never-more-permissive', 'drops NX from the shadow leaf', /NX|executable/, /\bNX\b/),
  handler('writableIgnoresGuestRw', 'never-more-permissive', "maps a dirty page writable even when the guest's PTE is read-only", /read-only|protection/, /read-only \(RW = 0\)|writable \(RW\)/),
  handler('injectWithoutUser', 'true-faults', 'injects #PF without the U bit', /error code/, /\bU bit\b/),
  handler('injectWithoutPresentBit', 'true-faults', 'injects protection faults with P clear', /error code/, /\bP bit\b/),
  handler('injectWithoutFetchBit', 'true-faults', 'injects fetch faults without I/D', /error code/, /I\/D bit/),
  handler('cr2PageAligned', 'true-faults', 'sets CR2 to the page, not the faulting address', /CR2|cr2/, /CR2 holds the exact faulting address/),
  handler('noAccessedDirty', 'accessed-dirty', 'never sets A or D in the guest entries', /accessed\/dirty bits differ|accessed|dirty/, /must set A and D in the guest's entries itself/),
  handler('accessedDirtyOnlyOnSuccess', 'accessed-dirty', 'sets no A bits on a walk that ends in a true fault', /accessed\/dirty bits differ|accessed/, /even when the walk ends in a fault/),
  handler('dirtyNeverSet', 'accessed-dirty', 'sets A but never D', /kept answering 'fixed'|dirty/, /sets D in the guest PTE/),
  handler('dirtyOnReads', 'accessed-dirty', "sets D in the guest's PTE on reads too", /dirty/, /\bD\b is set by writes only/),
  handler('accessedOnLeafOnly', 'accessed-dirty', "sets A in the leaf only, not in the upper entries", /accessed\/dirty bits differ|accessed/, /at every level, not only in the leaf/),
  handler('guestFrameAsHostFrame', 'shadow-derives-from-guest', 'puts the guest frame number in the shadow leaf (no gPA→hPA)', /backed by|host frame/, /gPA→hPA|host frame backing the guest frame/),
  handler('tablesNotProtected', 'tables-write-protected', 'never write-protects the guest tables below the root', /not write-protected/, /Write-protect every guest table/),
  handler('onlyLeafTablesProtected', 'tables-write-protected', 'write-protects only the level-1 tables', /not write-protected/, /at every level, not only the level-1 tables/),
  handler('dataFrameProtected', 'protected-frames-not-writable', 'write-protects the data page it maps, too', /write-protected: a user store|kept answering 'fixed'/, /data page|data frame/),
  handler('linkWithLeafIndex', 'shadow-derives-from-guest', 'links every level at the level-1 index of the address', /kept answering 'fixed'|stale|points to/, /the address's own index/),
  handler('largePageFirstFrameEverywhere', 'shadow-derives-from-guest', "maps every piece of a guest large page to the large page's first frame", /backed by|read|value/, /its own frame|plus the piece's offset/),
  handler('largePageDirectPageUnaligned', 'shadow-derives-from-guest', "finds a large page's direct page by the accessed frame, not the page's first frame", /direct page|points to the shadow of guest frame/, /by the large page's first frame/),
  handler('largePagePieceWritableWhenClean', 'writable-only-when-dirty', 'maps pieces of a clean large page writable', /clean \(D = 0\)|dirty/, /clean guest large page/),
  handler('leafAtTableLevel', 'shadow-derives-from-guest', 'fills the shadow leaf one level too high (in the level-2 shadow page)', /maps a 4 KiB page where the guest maps a table/, /goes in the level-1 shadow table/),
  handler('neverInjects', 'true-faults', "answers 'fixed' to every fault, never injecting the guest's own faults", /must be injected|#PF must be injected/, /must be injected into the guest, not answered 'fixed'/),
  handler('unaccessedPteIsNotPresent', 'true-faults', 'treats a guest PTE with A = 0 as not present and injects a fault', /fault|guest/, /A = 0 does not make an entry not present|taking A = 0 for not present/),

  sync('neverZaps', 'shadow-current', 'emulates trapped stores but never updates the shadow', STALE, /zap \(or update\) the shadow entry/),
  sync('neverEmulates', 'guest-cannot-tell', 'updates the shadow but never performs the trapped store', /guest's (table|entry)|stopped|value/, /must be emulated|perform the store into guest memory/),
  sync('emulatesLow32Bits', 'guest-cannot-tell', 'emulates the trapped store through a 32-bit value (loses NX and high bits)', /guest's (table|entry)|NX|executable/, /full 64-bit value/),
  sync('emulatesByOr', 'guest-cannot-tell', 'emulates the trapped store by OR-ing it into the old entry', /guest's (table|entry)|stale|value/, /not OR-ed|OR-ing/),
  sync('zapsWrongIndex', 'shadow-current', 'zaps the shadow entry at the wrong index (address / 16)', STALE, /at the same index/),
  sync('zapsOnlyLeafTables', 'shadow-current', 'handles stores to level-1 tables only, never to upper tables', STALE, /upper-level guest tables|not only stores to PTs/),
  sync('ignoresRootStores', 'shadow-current', "ignores stores to the guest's top-level table", STALE, /top-level table must update its shadow/),
  sync('ignoresStoresWhileIdle', 'shadow-memory', 'ignores trapped stores while no process is loaded (the exit path)', /no page table of a live process|stale/, /while no process is loaded/),
  sync('invlpgKeepsTlb', 'tlb-coherent', "invlpg keeps the page's TLB entry", TLB, /invlpg must drop the page's TLB entry/),
  sync('noFlushAfterUnlink', 'tlb-coherent', 'never flushes the TLB after unlinking a shadow table', TLB, /flush the TLB|Flush the VM's TLB after unlinking/),
  sync('flushConditionInverted', 'tlb-coherent', 'flushes after zapping a leaf instead of after unlinking a table', TLB, /after unlinking a shadow table/),
  sync('cr3KeepsTlb', 'tlb-coherent', "keeps the previous process's TLB entries across a CR3 load", TLB, /CR3 load drops the previous process's TLB entries/),
  sync('oneShadowForAll', 'one-shadow-per-process', 'uses one shadow root for every process', /CR3 must hold the shadow/, /its own shadow/),
  sync('rootNotProtected', 'tables-write-protected', "never write-protects the guest's root table", /not write-protected/, /top-level table is write-protected/),
  sync('rootsLeak', 'shadow-memory', 'never frees the shadow root of an exited process', /no page table of a live process/, /free its dead root|freeRoot/),
  sync('protectionNeverReleased', 'protection-released', 'never releases write protection, so a freed table reused for data stays protected', /write-protected|kept answering 'fixed'/, /Release write protection when a frame stops being a page table/),
  sync('releasesAfterFirstStore', 'tables-write-protected', 'releases write protection of a table after its first trapped store', /not write-protected/, /stays write-protected after a trapped store/),
  sync('unsyncNeverResynced', 'shadow-current', 'leaves written tables out of sync and never brings them up to date', STALE, /out of sync must be brought up to date/),
  sync('unsyncResyncedOnlyAtCr3', 'shadow-current', 'brings out-of-sync tables up to date at CR3 loads but not at invlpg', STALE, /at the guest's next invlpg/),
  sync('resyncForgetsProtection', 'tables-write-protected', 'brings an out-of-sync table back in sync without write-protecting it again', /not write-protected/, /back in sync is write-protected again/),
  sync('updateInPlaceIgnoresDirty', 'writable-only-when-dirty', 'updates a shadow leaf in place writable from the guest RW alone (D ignored)', /clean \(D = 0\)|dirty/, /updated in place .*dirty/),
  sync('updateInPlaceIgnoresAccessed', 'accessed-dirty', 'keeps a shadow leaf in place after the guest clears A, so A is never set again', /accessed\/dirty bits differ|accessed/, /guest clears A/),
];
