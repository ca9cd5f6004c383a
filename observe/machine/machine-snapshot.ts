import { frameAddress, frameNumber, gpa, hex } from '../../reference/addresses';
import { GuestOs } from '../../reference/guest/guest-os';
import { ShadowVm } from '../../reference/hypervisor/shadow/shadow-vm';
import { VmHardware } from '../../reference/hardware/translation';
import { ENTRY_ADDRESS_MASK, PTE_P, PTE_PS } from '../../reference/paging/constants';
import { describeRights } from '../../reference/paging/rights';
import { Mode } from '../../reference/scenario/types';
import { GuestTableDump, ShadowDump, SparseEntries, TlbEntryDump, VmSnapshot } from './machine-observation';

const ENTRIES_PER_TABLE = 512;
const SMALL_PAGE = 4096n;
/** Byte offsets of a table's entries, converted once: the dump reads every entry of every table. */
const ENTRY_OFFSETS: readonly bigint[] = Array.from({ length: ENTRIES_PER_TABLE }, (_, index) => BigInt(index * 8));

export interface VmUnderObservation {
  readonly id: number;
  readonly os: GuestOs;
  readonly hardware: VmHardware;
  /** Every pid the scenario has named in this VM so far; the live ones are dumped. */
  readonly pids: Iterable<number>;
}

/**
 * One VM's state as data: the guest's own page tables (every table of every
 * live process: the guest OS knows them as its roots and what they point
 * to), the gPA→hPA map, the shadow tables in shadow mode, and the TLB. Reading
 * it changes nothing in the machine.
 */
export function snapshotVm(vm: VmUnderObservation, mode: Mode, guestFrames: number, tlbTags: boolean): VmSnapshot {
  const { os, hardware } = vm;
  const runningPid = os.runningPid;
  return {
    vm: vm.id,
    runningPid,
    guestCr3: runningPid === null ? null : hex(os.pageTableRoot(runningPid)),
    ...(os.pagingLevels === 5 ? { guestLevels: 5 as const } : {}),
    guestTables: guestTables(vm),
    ...(mode === 'native' ? {} : { backing: backing(hardware, guestFrames) }),
    ...(hardware instanceof ShadowVm ? { shadow: shadowDump(hardware) } : {}),
    tlb: tlbDump(hardware, tlbTags),
  };
}

function guestTables({ os, hardware, pids }: VmUnderObservation): GuestTableDump[] {
  const tables = new Map<number, GuestTableDump>();
  const visit = (frame: number, level: number): void => {
    if (tables.has(frame)) return;
    const entries: Record<string, string> = {};
    const read = tableReader(hardware, frame);
    for (let index = 0; index < ENTRIES_PER_TABLE; index++) {
      const entry = read(index);
      if (entry !== 0n) entries[index] = hex(entry);
    }
    tables.set(frame, { table: hex(frameAddress(frame)), level, entries });
    if (level === 1) return;
    for (const text of Object.values(entries)) {
      const entry = BigInt(text);
      if ((entry & PTE_P) !== 0n && (entry & PTE_PS) === 0n) visit(frameNumber(entry & ENTRY_ADDRESS_MASK), level - 1);
    }
  };
  for (const pid of new Set(pids)) if (os.hasProcess(pid)) visit(frameNumber(os.pageTableRoot(pid)), os.pagingLevels);
  return [...tables.entries()].sort(([a], [b]) => a - b).map(([, table]) => table);
}

/**
 * Entry `index` of the guest table at `frame`. The dump reads every entry of
 * every table, and the platform's per-address read costs about a microsecond
 * in bigint arithmetic, so under shadow paging the backing host frame is read
 * directly (the same memory the guest's reads reach).
 */
function tableReader(hardware: VmHardware, frame: number): (index: number) => bigint {
  if (hardware instanceof ShadowVm) {
    const { memoryMap, hostMemory } = hardware.state;
    const hostFrame = memoryMap.hostFrameOf(frame);
    if (hostFrame === undefined) return () => 0n;
    const memory = hostMemory.frame(hostFrame);
    return (index) => memory.readEntry(index);
  }
  const base = frameAddress(frame);
  return (index) => hardware.readEntry(gpa(base + ENTRY_OFFSETS[index]));
}

/**
 * The gPA→hPA map, found by scanning guest frames (the map offers lookups
 * only) until every backed frame is seen: the guest allocates its lowest
 * frames first, so the scan stops early.
 */
function backing(hardware: VmHardware, guestFrames: number): Record<string, string> {
  const map: Record<string, string> = {};
  let found = 0;
  for (let frame = 0; frame < guestFrames && found < hardware.backedGuestFrames; frame++) {
    const hostFrame = hardware.hostFrameOf(frame);
    if (hostFrame === undefined) continue;
    map[hex(frameAddress(frame))] = hex(frameAddress(hostFrame));
    found++;
  }
  return map;
}

function shadowDump(hardware: ShadowVm): ShadowDump {
  const { shadow, shadowRoot, protectedFrames } = hardware.state;
  const pages = shadow.allPages().map((page) => {
    const entries: SparseEntries = Object.fromEntries(shadow.presentEntriesOf(page).map(([index, entry]) => [index, hex(entry)]));
    return {
      table: hex(frameAddress(page.hostFrame)),
      shadows: hex(frameAddress(page.guestFrame)),
      level: page.level,
      ...(page.direct ? { direct: true as const } : {}),
      ...(page.unsync ? { unsync: true as const } : {}),
      entries,
    };
  });
  pages.sort((a, b) => Number(a.direct ?? false) - Number(b.direct ?? false) || compareHex(a.shadows, b.shadows) || b.level - a.level);
  const protectedList = [...protectedFrames].sort((a, b) => a - b).map((frame) => hex(frameAddress(frame)));
  return { root: shadowRoot === null ? null : hex(shadowRoot), protected: protectedList, pages };
}

/** With `tags`, each entry's VPID, PCID and global bit too (left out otherwise, so recorded observations keep their shape). */
function tlbDump(hardware: VmHardware, tags: boolean): TlbEntryDump[] {
  return hardware
    .tlbEntries()
    .sort((a, b) => (a.pageBase < b.pageBase ? -1 : a.pageBase > b.pageBase ? 1 : Number(a.pageSize - b.pageSize)))
    .map((entry) => ({
      page: hex(entry.pageBase),
      ...(entry.pageSize === SMALL_PAGE ? {} : { size: hex(entry.pageSize) }),
      frame: hex(entry.physicalBase),
      rights: describeRights(entry.rights),
      dirty: entry.dirty,
      ...(tags ? { vpid: entry.vpid, pcid: entry.pcid, global: entry.global } : {}),
    }));
}

function compareHex(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
