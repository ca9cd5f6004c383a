import { frameAddress, frameNumber, hex } from '../../reference/addresses';
import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_PS } from '../../reference/paging/constants';
import { Difference } from '../difference';
import { MachineEventRecord, ShadowPageDump, TlbEntryDump } from './machine-observation';
import { VmSnapshotView } from './machine-snapshot-view';
import { describeEntry, describeEvent, describeFlags, describeGuestTable, describeIndex, describeShadowPage, flagDifferences } from './machine-wording';

/** Where a snapshot difference is: after which event, in which VM. */
export interface SnapshotPlace {
  readonly record: MachineEventRecord;
  readonly vm: number;
  /** Name the VM only when the scenario has several. */
  readonly severalVms: boolean;
}

export function stateDifference(place: SnapshotPlace, thing: string, field: string, expected: string, got: string, message: string, detail?: object): Difference {
  const vm = place.severalVms ? ` — vm ${place.vm}` : '';
  return {
    where: `after ${describeEvent(place.record)}${vm}: ${thing}`,
    step: place.record.event,
    field,
    expected,
    got,
    message,
    detail: { event: place.record.event, vm: place.vm, ...detail },
  };
}

/**
 * The guest's own state: which process runs and its page tables, entry by
 * entry. The guest OS writes them identically in every correct run, and the
 * hypervisor's share (A/D bits, emulated stores) is fixed by the architecture,
 * so these must be equal under any design.
 */
export function compareGuestState(place: SnapshotPlace, expected: VmSnapshotView, got: VmSnapshotView): Difference | null {
  const want = expected.snapshot;
  const have = got.snapshot;
  if (want.runningPid !== have.runningPid || want.guestCr3 !== have.guestCr3) {
    return stateDifference(place, 'the guest', 'running process (CR3)', `pid ${want.runningPid} (CR3 ${want.guestCr3})`, `pid ${have.runningPid} (CR3 ${have.guestCr3})`, 'A different guest process is running.');
  }
  for (const frame of sortedUnion(expected.guestTables.keys(), got.guestTables.keys())) {
    const table = expected.guestTables.get(frame);
    const other = got.guestTables.get(frame);
    if (table === undefined || other === undefined) {
      const where = hex(frameAddress(frame));
      return stateDifference(place, `guest frame ${where}`, 'guest page table', table === undefined ? 'not a page table' : 'a page table', other === undefined ? 'not a page table' : 'a page table', "The guest's page tables differ: the guest OS sees different memory than on real hardware.");
    }
    for (const index of sortedUnion(table.entries.keys(), other.entries.keys())) {
      const entry = table.entries.get(index) ?? 0n;
      const otherEntry = other.entries.get(index) ?? 0n;
      if (entry === otherEntry) continue;
      const onlyAccessedDirty = ((entry ^ otherEntry) & ~(PTE_A | PTE_D)) === 0n;
      return stateDifference(
        place,
        describeGuestTable(table.table, table.level) + describeIndex(index, expected.vaOfEntry(frame, table.level, index)),
        "guest's entry",
        describeEntry(entry),
        describeEntry(otherEntry),
        onlyAccessedDirty
          ? `The guest's accessed/dirty bits differ (${flagDifferences(entry, otherEntry).join('; ')}): the hypervisor must set A in every guest entry a walk uses, and D in the leaf on a write, exactly when the hardware would.`
          : "The guest's own page-table entry differs from what the guest OS wrote: a trapped store was not emulated exactly (same address, same value), or a guest write reached the wrong host frame.",
        { table: table.table, level: table.level, index },
      );
    }
  }
  return null;
}

/** gPA→hPA: which guest frames are backed (the host frames chosen may differ). */
export function compareBacking(place: SnapshotPlace, expected: VmSnapshotView, got: VmSnapshotView): Difference | null {
  const want = expected.backedGuestFrames;
  const have = got.backedGuestFrames;
  for (const frame of sortedUnion(want.keys(), have.keys())) {
    if (want.has(frame) === have.has(frame)) continue;
    const where = `guest frame ${hex(frameAddress(frame))}`;
    return want.has(frame)
      ? stateDifference(place, where, 'backed by a host frame', 'yes', 'no', 'This guest frame should have a host frame by now: it is backed on its first use (a page table walked, or a page mapped in the shadow).', { guestFrame: frame })
      : stateDifference(place, where, 'backed by a host frame', 'no', 'yes', 'This guest frame got a host frame it does not need yet: back a guest frame on its first real use only.', { guestFrame: frame });
  }
  return null;
}

/**
 * The shadow tables, exactly as the reference policy leaves them: the loaded
 * root, which guest tables are shadowed, and every entry's flags and target.
 * Targets are compared by what they are (the shadow of which guest table, the
 * host frame backing which guest frame), never by host frame number.
 */
export function compareShadowTables(place: SnapshotPlace, expected: VmSnapshotView, got: VmSnapshotView): Difference | null {
  const rootOf = (view: VmSnapshotView) => {
    const root = view.snapshot.shadow?.root ?? null;
    if (root === null) return 'none';
    const page = view.shadowPageAt(frameNumber(BigInt(root)));
    return page === undefined ? `host frame ${root}, which is not a shadow page` : describeShadowPage(page.dump);
  };
  if (rootOf(expected) !== rootOf(got)) {
    return stateDifference(place, "the hardware's CR3", 'shadow root loaded', rootOf(expected), rootOf(got), "The hardware must walk the shadow of the guest's current root: cr3Write returns its address.");
  }

  /** A shadow page is known by what it shadows, not by where it lives. */
  const key = ({ dump }: { readonly dump: ShadowPageDump }) => `${dump.direct ? 'direct ' : ''}${dump.shadows}/${dump.level}`;
  const gotPages = new Map(got.shadowPages.map((page) => [key(page), page]));
  const expectedKeys = new Set(expected.shadowPages.map(key));
  for (const page of expected.shadowPages) {
    const other = gotPages.get(key(page));
    const thing = describeShadowPage(page.dump);
    if (other === undefined) {
      return stateDifference(place, thing, 'shadow page', 'present', 'missing', 'The reference keeps a shadow page for this guest table here (one per guest table in use; roots are kept across context switches).', { shadows: page.dump.shadows, level: page.level });
    }
    for (const index of sortedUnion(page.entries.keys(), other.entries.keys())) {
      const want = describeShadowEntry(expected, page.level, page.entries.get(index));
      const have = describeShadowEntry(got, other.level, other.entries.get(index));
      const va = page.direct ? undefined : expected.vaOfEntry(page.guestFrame, page.level, index);
      const where = thing + describeIndex(index, va);
      const detail = { shadows: page.dump.shadows, level: page.level, index };
      if (want.present !== have.present) {
        return stateDifference(place, where, 'shadow entry', want.text, have.text, want.present ? 'This shadow entry should be present: the reference filled it on a hidden fault and nothing since has zapped it.' : 'This shadow entry should not be present: the reference zaps it when the guest entry it derives from changes, and fills it only on a hidden fault.', detail);
      }
      if (want.flags !== have.flags) {
        return stateDifference(place, where, 'shadow entry flags', want.text, have.text, `The shadow entry's flags differ: ${flagDifferences(want.flags, have.flags).join('; ')}.`, detail);
      }
      if (want.target !== have.target) {
        return stateDifference(place, where, 'shadow entry target', want.target, have.target, 'The shadow entry points to the wrong place: a non-leaf entry points to the shadow of the guest\'s next table, a leaf to the host frame backing the guest\'s frame.', detail);
      }
    }
  }
  const extra = got.shadowPages.find((page) => !expectedKeys.has(key(page)));
  if (extra !== undefined) {
    return stateDifference(place, describeShadowPage(extra.dump), 'shadow page', 'none', 'present', 'There is a shadow page the reference does not have here: each one write-protects its guest table, so an extra one costs exits.', { shadows: extra.dump.shadows, level: extra.level });
  }
  return null;
}

interface ShadowEntryMeaning {
  readonly present: boolean;
  readonly flags: bigint;
  readonly target: string;
  readonly text: string;
}

function describeShadowEntry(view: VmSnapshotView, level: number, entry: bigint | undefined): ShadowEntryMeaning {
  if (entry === undefined) return { present: false, flags: 0n, target: '', text: 'not present' };
  const flags = entry & ~ENTRY_ADDRESS_MASK;
  const frame = frameNumber(entry & ENTRY_ADDRESS_MASK);
  let target: string;
  if (level > 1 && (entry & PTE_PS) === 0n) {
    const child = view.shadowPageAt(frame);
    target = child === undefined ? `host frame ${hex(frameAddress(frame))}, which is not a shadow page` : describeShadowPage(child.dump);
  } else {
    const guestFrame = view.guestFrameBackedBy(frame);
    target = guestFrame === undefined ? `host frame ${hex(frameAddress(frame))}, which backs no guest frame` : `the host frame backing guest frame ${hex(frameAddress(guestFrame))}`;
  }
  return { present: true, flags, target, text: `${describeFlags(entry)} → ${target}` };
}

/** The TLB's entries, each by page, the guest frame it reaches, rights and whether writes may use it. */
export function compareTlb(place: SnapshotPlace, expected: VmSnapshotView, got: VmSnapshotView): Difference | null {
  const meaning = (view: VmSnapshotView, entry: TlbEntryDump | undefined) => {
    if (entry === undefined) return 'no entry';
    const guestFrame = view.guestFrameBackedBy(frameNumber(BigInt(entry.frame)));
    const target = guestFrame === undefined ? `host frame ${entry.frame}, which backs no guest frame` : `guest frame ${hex(frameAddress(guestFrame))}`;
    return `${entry.size === undefined ? '' : `${entry.size}-byte page `}→ ${target}, rights ${entry.rights}${entry.dirty ? ', serves writes' : ', clean (writes walk again)'}`;
  };
  const byPage = (view: VmSnapshotView) => new Map(view.snapshot.tlb.map((entry) => [BigInt(entry.page), entry]));
  const want = byPage(expected);
  const have = byPage(got);
  for (const page of sortedUnion(want.keys(), have.keys())) {
    const wanted = meaning(expected, want.get(page));
    const had = meaning(got, have.get(page));
    if (wanted === had) continue;
    return stateDifference(
      place,
      `the TLB entry for gVA ${hex(page)}`,
      'TLB entry',
      wanted,
      had,
      want.has(page) && have.has(page)
        ? 'The cached translation differs from the reference\'s.'
        : want.has(page)
          ? 'The reference still has this translation cached: your hypervisor flushed or invalidated it (or never filled it).'
          : 'This translation should no longer be cached: the reference invalidated it (invlpg) or flushed the TLB.',
      { page: hex(page) },
    );
  }
  return null;
}

export function sortedUnion<T extends number | bigint>(a: Iterable<T>, b: Iterable<T>): T[] {
  return [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
