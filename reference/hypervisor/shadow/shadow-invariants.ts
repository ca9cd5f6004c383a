import { frameAddress, frameNumber, gpa, hex } from '../../addresses';
import { ENTRY_ADDRESS_MASK, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../paging/constants';
import { ShadowState } from './shadow-vm';

/**
 * One way a shadow page or entry disagrees with the guest's tables. `index` is
 * -1 for the page as a whole. `problem` reads after "the shadow entry" (or
 * "the shadow page"): "is writable while the guest entry is read-only".
 */
export interface ShadowViolation {
  /** The guest table the shadow page shadows (for a direct page, the first guest frame it maps). */
  readonly guestFrame: number;
  readonly level: number;
  readonly direct: boolean;
  readonly index: number;
  readonly problem: string;
}

/** A shadow page as data: its identity and its present entries. */
export interface ShadowPageRecord {
  readonly hostFrame: number;
  readonly guestFrame: number;
  readonly level: number;
  readonly direct: boolean;
  /** Marked out of sync by the hypervisor (absent: in sync). */
  readonly unsync?: boolean;
  /** Present entries by index. */
  readonly entries: ReadonlyMap<number, bigint>;
}

/** A guest page-table page as the rules need it. `level` is null when the caller does not know it. */
export interface GuestTableRecord {
  readonly level: number | null;
  entry(index: number): bigint;
}

/**
 * What the rules are checked on: the shadow tables and the guest's tables
 * seen through plain lookups, so the same check serves the live machine
 * (machine audits) and a dump that crossed a process boundary (the grader).
 */
export interface ShadowRulesInput {
  readonly rootLevel: number;
  readonly pages: readonly ShadowPageRecord[];
  /** The guest table at this guest frame, or null when no live process of the guest uses that frame as a page table. */
  guestTable(guestFrame: number): GuestTableRecord | null;
  /** Is a guest store to this guest frame trapped (write-protected by the hypervisor)? */
  isProtected(guestFrame: number): boolean;
  /** gPA → hPA: the host frame backing a guest frame, if any. */
  hostFrameOf(guestFrame: number): number | undefined;
  /** The guest's CR3 (as a frame) and the hardware's (the loaded shadow root), when a process is loaded. */
  readonly loaded: { readonly guestRootFrame: number; readonly shadowRootFrame: number | null } | null;
}

/**
 * The invariants any correct shadow-paging design keeps at an event boundary
 * (each guest operation has ended with its own invalidation), whatever its
 * sync policy:
 * - every present shadow entry is derived from the present guest entry of the
 *   table it shadows, at the same index; it points to the shadow of the
 *   guest's next table or, at the leaf, to the host frame backing the guest's
 *   frame; it is never more permissive than the guest entry (RW, US, NX), and
 *   a leaf is writable only when the guest PTE is dirty. Shadow tables of
 *   guest large pages ("direct" pages) map the consecutive host frames of the
 *   guest page, under the same rules, judged against the guest's large leaf;
 * - the guest table of every shadow page is write-protected, so the guest's
 *   next store to it traps, unless the page is marked out of sync;
 * - a page marked out of sync (a level-1 page) may have entries that lag
 *   behind the guest's only while the loaded shadow root does not reach it:
 *   nothing can use them before the CR3 load that reaches it, where they must
 *   be brought up to date;
 * - no shadow leaf lets a user store reach a write-protected guest frame;
 * - every shadow page shadows a page table of a live process (the shadow of
 *   an exited process is freed with it), and the hardware's CR3 holds the
 *   shadow of the guest's CR3.
 */
export function checkShadowRules(input: ShadowRulesInput): ShadowViolation[] {
  const violations: ShadowViolation[] = [];
  const byHostFrame = new Map(input.pages.map((page) => [page.hostFrame, page]));
  const pointedTo = new Set<number>();
  for (const page of input.pages) {
    if (page.level === 1) continue;
    for (const entry of page.entries.values()) pointedTo.add(frameNumber(entry & ENTRY_ADDRESS_MASK));
  }
  const largePages = guestLargePagesOf(input, byHostFrame);
  const reachable = reachableFromLoadedRoot(input, byHostFrame);

  for (const page of input.pages) {
    const report = (index: number, problem: string) =>
      violations.push({ guestFrame: page.guestFrame, level: page.level, direct: page.direct, index, problem });
    const isRoot = !page.direct && page.level === input.rootLevel;
    if (!isRoot && !pointedTo.has(page.hostFrame)) report(-1, 'is a non-root shadow page that no entry points to');

    if (page.direct) {
      const guestLeaves = largePages.get(page.hostFrame) ?? [];
      for (const [index, entry] of page.entries) {
        const problem = directEntryProblem(input, byHostFrame, page, index, entry, guestLeaves);
        if (problem !== null) report(index, problem);
      }
      continue;
    }

    const guestTable = input.guestTable(page.guestFrame);
    if (guestTable === null) {
      report(-1, `shadows guest frame ${hexFrame(page.guestFrame)}, which is no page table of a live process: a shadow page must be freed when its guest table is`);
      continue;
    }
    if (guestTable.level !== null && guestTable.level !== page.level) {
      report(-1, `shadows a level-${guestTable.level} guest table as a level-${page.level} table`);
      continue;
    }
    const unsync = page.unsync === true;
    if (!unsync && !input.isProtected(page.guestFrame)) {
      report(-1, `shadows guest table ${hexFrame(page.guestFrame)}, which is not write-protected: the guest's next store to it would not trap, and the shadow would go stale`);
    }
    // An out-of-sync page the loaded root does not reach may lag: nothing can use it until the CR3 load that reaches it.
    if (unsync && !reachable.has(page.hostFrame)) continue;
    for (const [index, entry] of page.entries) {
      const problem = entryProblem(input, byHostFrame, page, entry, guestTable.entry(index));
      if (problem !== null) report(index, problem);
    }
  }

  const loaded = input.loaded;
  if (loaded !== null) {
    const root = loaded.shadowRootFrame === null ? undefined : byHostFrame.get(loaded.shadowRootFrame);
    if (root === undefined || root.direct || root.level !== input.rootLevel || root.guestFrame !== loaded.guestRootFrame) {
      violations.push({
        guestFrame: loaded.guestRootFrame,
        level: input.rootLevel,
        direct: false,
        index: -1,
        problem: `is not what the hardware's CR3 holds (${hexFrame(loaded.shadowRootFrame ?? undefined)}): CR3 must hold the shadow of the guest's CR3`,
      });
    }
  }
  return violations;
}

/** The host frames of the shadow pages the loaded root reaches (the ones the hardware can walk now). */
function reachableFromLoadedRoot(input: ShadowRulesInput, byHostFrame: ReadonlyMap<number, ShadowPageRecord>): Set<number> {
  const reached = new Set<number>();
  const rootFrame = input.loaded?.shadowRootFrame ?? null;
  const pending = rootFrame === null ? [] : [rootFrame];
  while (pending.length > 0) {
    const frame = pending.pop()!;
    const page = byHostFrame.get(frame);
    if (page === undefined || reached.has(frame)) continue;
    reached.add(frame);
    if (page.level > 1) for (const entry of page.entries.values()) pending.push(frameNumber(entry & ENTRY_ADDRESS_MASK));
  }
  return reached;
}

/** What is wrong with one present entry of a shadow page of a guest table, or null. */
function entryProblem(
  input: ShadowRulesInput,
  byHostFrame: ReadonlyMap<number, ShadowPageRecord>,
  page: ShadowPageRecord,
  entry: bigint,
  guestEntry: bigint,
): string | null {
  if ((guestEntry & PTE_P) === 0n) return 'is stale: the guest entry is not present';
  const rights = rightsProblem(entry, guestEntry);
  if (rights !== null) return rights;
  const target = frameNumber(entry & ENTRY_ADDRESS_MASK);
  const guestTarget = frameNumber(guestEntry & ENTRY_ADDRESS_MASK);

  if (page.level === 1) {
    const expected = input.hostFrameOf(guestTarget);
    if (target !== expected) return `maps host frame ${hexFrame(target)}, but guest frame ${hexFrame(guestTarget)} is backed by ${hexFrame(expected)}`;
    if ((entry & PTE_RW) !== 0n && (guestEntry & PTE_D) === 0n) return 'is writable while the guest PTE is clean (D = 0)';
    if ((entry & PTE_RW) !== 0n && input.isProtected(guestTarget)) return protectedWritable(guestTarget);
    return null;
  }
  const child = byHostFrame.get(target);
  if (child === undefined) return `points to host frame ${hexFrame(target)}, which is not a shadow page`;
  if (child.level !== page.level - 1) return `points to a level-${child.level} shadow page from level ${page.level}`;
  const guestLargePage = (guestEntry & PTE_PS) !== 0n;
  if (guestLargePage && !child.direct) return `points to the shadow of a guest table, but the guest entry maps a large page (at ${hexFrame(guestTarget)}), which direct pages map`;
  if (!guestLargePage && child.direct) return `points to a direct page, but the guest entry points to the table at ${hexFrame(guestTarget)}`;
  if (child.guestFrame !== guestTarget) {
    return `points to the shadow of guest frame ${hexFrame(child.guestFrame)}, the guest entry points to ${hexFrame(guestTarget)}`;
  }
  return null;
}

/** What is wrong with the rights of a present shadow entry derived from `guestEntry`, or null. */
function rightsProblem(entry: bigint, guestEntry: bigint): string | null {
  if ((entry & PTE_RW) !== 0n && (guestEntry & PTE_RW) === 0n) return 'is writable while the guest entry is read-only';
  if ((entry & PTE_US) !== 0n && (guestEntry & PTE_US) === 0n) return 'is user-accessible while the guest entry is supervisor-only';
  if ((entry & PTE_NX) === 0n && (guestEntry & PTE_NX) !== 0n) return 'is executable while the guest entry is NX';
  return null;
}

/**
 * For each direct page, the guest large-page leaves it maps part of: found
 * through the shadow entries that point to it (a 1 GiB page's level-2 direct
 * page hands its leaves on to its level-1 direct pages).
 */
function guestLargePagesOf(input: ShadowRulesInput, byHostFrame: ReadonlyMap<number, ShadowPageRecord>): Map<number, bigint[]> {
  const leaves = new Map<number, bigint[]>();
  const add = (child: ShadowPageRecord | undefined, guestLeaf: bigint) => {
    if (child?.direct !== true) return;
    const list = leaves.get(child.hostFrame);
    if (list === undefined) leaves.set(child.hostFrame, [guestLeaf]);
    else list.push(guestLeaf);
  };
  const childOf = (entry: bigint) => byHostFrame.get(frameNumber(entry & ENTRY_ADDRESS_MASK));
  for (const page of input.pages) {
    if (page.direct || page.level === 1) continue;
    const guestTable = input.guestTable(page.guestFrame);
    if (guestTable === null) continue;
    for (const [index, entry] of page.entries) {
      const guestEntry = guestTable.entry(index);
      if ((guestEntry & PTE_P) !== 0n && (guestEntry & PTE_PS) !== 0n) add(childOf(entry), guestEntry);
    }
  }
  for (const page of input.pages) {
    if (!page.direct || page.level !== 2) continue;
    for (const entry of page.entries.values()) for (const guestLeaf of leaves.get(page.hostFrame) ?? []) add(childOf(entry), guestLeaf);
  }
  return leaves;
}

/**
 * What is wrong with entry `index` of a direct page, or null: no more rights
 * than the guest's large page, a level-1 entry on the host frame backing its
 * guest frame (writable only once the large page is dirty), a level-2 entry
 * on the direct page of its 2 MiB.
 */
function directEntryProblem(
  input: ShadowRulesInput,
  byHostFrame: ReadonlyMap<number, ShadowPageRecord>,
  page: ShadowPageRecord,
  index: number,
  entry: bigint,
  guestLeaves: readonly bigint[],
): string | null {
  for (const guestLeaf of guestLeaves) {
    const rights = rightsProblem(entry, guestLeaf);
    if (rights !== null) return rights;
  }
  const firstFrame = page.guestFrame + index * 512 ** (page.level - 1);
  const target = frameNumber(entry & ENTRY_ADDRESS_MASK);
  if (page.level === 1) {
    const expected = input.hostFrameOf(firstFrame);
    if (target !== expected) return `maps host frame ${hexFrame(target)}, but the guest frame is backed by ${hexFrame(expected)}`;
    if ((entry & PTE_RW) !== 0n && guestLeaves.some((guestLeaf) => (guestLeaf & PTE_D) === 0n)) return "is writable while the guest's large page is clean (D = 0)";
    if ((entry & PTE_RW) !== 0n && input.isProtected(firstFrame)) return protectedWritable(firstFrame);
    return null;
  }
  const child = byHostFrame.get(target);
  if (child === undefined || !child.direct || child.level !== page.level - 1 || child.guestFrame !== firstFrame) {
    return `points to host frame ${hexFrame(target)}, not to the level-${page.level - 1} direct page of the guest frames from ${hexFrame(firstFrame)}`;
  }
  return null;
}

function protectedWritable(guestFrame: number): string {
  return `maps guest frame ${hexFrame(guestFrame)} writable, but that frame is write-protected: a user store to it would not trap`;
}

/** A frame by its physical address, as every report shows frames. */
function hexFrame(frame: number | undefined): string {
  return frame === undefined ? 'none' : hex(frameAddress(frame));
}

/** The live hypervisor state as rules input (the guest's tables read straight from its memory). */
export function liveShadowRulesInput(state: ShadowState): ShadowRulesInput {
  const { shadow, memoryMap, guestCr3, shadowRoot, protectedFrames } = state;
  return {
    rootLevel: shadow.rootLevel,
    pages: shadow.allPages().map((page) => ({
      hostFrame: page.hostFrame,
      guestFrame: page.guestFrame,
      level: page.level,
      direct: page.direct,
      unsync: page.unsync,
      entries: new Map(shadow.presentEntriesOf(page)),
    })),
    // The live state knows guest memory, not which frames the guest uses as tables: every frame reads as one.
    guestTable: (guestFrame) => ({ level: null, entry: (index) => memoryMap.readEntry(gpa(frameAddress(guestFrame) + BigInt(index * 8))) }),
    isProtected: (guestFrame) => protectedFrames.has(guestFrame),
    hostFrameOf: (guestFrame) => memoryMap.hostFrameOf(guestFrame),
    loaded: guestCr3 === null ? null : { guestRootFrame: frameNumber(guestCr3), shadowRootFrame: shadowRoot === null ? null : frameNumber(shadowRoot) },
  };
}

/** The rules, checked on the live hypervisor state. */
export function checkShadowInvariants(state: ShadowState): ShadowViolation[] {
  return checkShadowRules(liveShadowRulesInput(state));
}
