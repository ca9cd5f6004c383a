import { frameAddress, frameNumber, hex } from '../../reference/addresses';
import { checkShadowRules, ShadowViolation } from '../../reference/hypervisor/shadow/shadow-invariants';
import { RIGHT_EXECUTE, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { Difference } from '../difference';
import { TlbEntryDump } from './machine-observation';
import { rightsFromDump, VmSnapshotView } from './machine-snapshot-view';
import { SnapshotPlace, stateDifference } from './machine-state-difference';
import { describeEntry, describeIndex, describeShadowPage } from './machine-wording';

const SMALL_PAGE = '0x1000';

/**
 * The rules every correct design keeps, checked on the student's snapshot
 * (`got`) against the guest's tables of the reference's (`guest`): the guest
 * OS writes those identically in every correct run, so a hypervisor cannot
 * make its own shadow look right by first corrupting the guest's tables.
 */
export function checkSnapshotRules(place: SnapshotPlace, guest: VmSnapshotView, got: VmSnapshotView): Difference | null {
  return backingProblem(place, got) ?? shadowProblem(place, guest, got) ?? tlbProblem(place, guest, got);
}

/** gPA→hPA must be one-to-one: two guest frames on one host frame would share their data. */
function backingProblem(place: SnapshotPlace, got: VmSnapshotView): Difference | null {
  const owner = new Map<number, number>();
  for (const [guestFrame, hostFrame] of got.backedGuestFrames) {
    const first = owner.get(hostFrame);
    if (first === undefined) {
      owner.set(hostFrame, guestFrame);
      continue;
    }
    const [a, b] = [first, guestFrame].map((frame) => hex(frameAddress(frame)));
    return stateDifference(place, `host frame ${hex(frameAddress(hostFrame))}`, 'guest frames it backs', 'at most one', `${a} and ${b}`, 'Two guest frames are backed by one host frame, so they share their contents: gPA→hPA must be one-to-one.');
  }
  return null;
}

function shadowProblem(place: SnapshotPlace, guest: VmSnapshotView, got: VmSnapshotView): Difference | null {
  if (got.snapshot.shadow === undefined) return null;
  const cr3 = guest.snapshot.guestCr3;
  const violations = checkShadowRules({
    rootLevel: guest.guestRootLevel,
    pages: got.shadowPages,
    guestTable: (guestFrame) => {
      const table = guest.guestTables.get(guestFrame);
      return table === undefined ? null : { level: table.level, entry: (index) => table.entries.get(index) ?? 0n };
    },
    hostFrameOf: (guestFrame) => got.hostFrameOf(guestFrame),
    isProtected: (guestFrame) => got.protectedFrames.has(guestFrame),
    loaded: cr3 === null ? null : { guestRootFrame: frameNumber(BigInt(cr3)), shadowRootFrame: got.snapshot.shadow.root === null ? null : frameNumber(BigInt(got.snapshot.shadow.root)) },
  });
  return violations.length === 0 ? null : describeViolation(place, guest, got, violations[0]);
}

const SHADOW_RULES =
  "Every present shadow entry must come from the present guest entry at the same index of the table it shadows, point to the shadow of the guest's next table (at level 1: to the host frame backing the guest's frame), allow no more than the guest entry, and be writable only once the guest PTE is dirty.";

function describeViolation(place: SnapshotPlace, guest: VmSnapshotView, got: VmSnapshotView, violation: ShadowViolation): Difference {
  const shadows = hex(frameAddress(violation.guestFrame));
  const thing = describeShadowPage({ shadows, level: violation.level, direct: violation.direct });
  const detail = { shadows, level: violation.level, index: violation.index, problem: violation.problem };
  if (violation.index < 0) {
    const memory = violation.problem.includes('no page table of a live process') ? ` ${shadowMemory(guest, got)}` : '';
    return stateDifference(place, thing, 'shadow page', 'a page that keeps the rules', `a page that ${violation.problem}`, `This shadow page ${violation.problem}.${memory}`, detail);
  }

  const page = got.shadowPages.find((candidate) => candidate.guestFrame === violation.guestFrame && candidate.level === violation.level && candidate.direct === violation.direct);
  const entry = page?.entries.get(violation.index) ?? 0n;
  const guestEntry = violation.direct ? undefined : guest.guestTables.get(violation.guestFrame)?.entries.get(violation.index);
  const va = violation.direct ? undefined : guest.vaOfEntry(violation.guestFrame, violation.level, violation.index);
  return stateDifference(
    place,
    thing + describeIndex(violation.index, va),
    'shadow entry',
    guestEntry === undefined ? 'an entry that keeps the rules' : `derived from the guest's entry ${describeEntry(guestEntry)}`,
    describeEntry(entry),
    `This shadow entry ${violation.problem}. ${SHADOW_RULES}`,
    detail,
  );
}

/** The lecture's "2× page-table memory", measured: the shadows' pages against the guest's table pages. */
function shadowMemory(guest: VmSnapshotView, got: VmSnapshotView): string {
  const direct = got.shadowPages.filter((page) => page.direct).length;
  const shadows = got.shadowPages.length - direct;
  const tables = guest.guestTables.size;
  const ratio = tables === 0 ? 'with no guest table left' : `${(shadows / tables).toFixed(2)} per guest table page, at most 1 when each shadows a live table`;
  return `Shadow memory now: ${shadows} shadow pages (and ${direct} direct pages) for the guest's ${tables} page-table pages: ${ratio}.`;
}

/** Each cached translation must be one the guest's tables give now, through gPA→hPA, with no more rights. */
function tlbProblem(place: SnapshotPlace, guest: VmSnapshotView, got: VmSnapshotView): Difference | null {
  const cr3 = guest.snapshot.guestCr3;
  for (const entry of got.snapshot.tlb) {
    const thing = `the TLB entry for gVA ${entry.page}`;
    const problem = cr3 === null ? 'cached while no guest process is loaded' : tlbEntryProblem(guest, got, frameNumber(BigInt(cr3)), entry);
    if (problem === null) continue;
    return stateDifference(place, thing, 'cached translation', "one the guest's tables give now", `${entry.frame}, rights ${entry.rights}${entry.dirty ? ', serves writes' : ''}`, `This TLB entry is stale: ${problem}. After the guest changes a mapping (munmap, mprotect, clear-ad: each followed by invlpg) or loads CR3, no old translation may survive.`, { page: entry.page });
  }
  return null;
}

function tlbEntryProblem(guest: VmSnapshotView, got: VmSnapshotView, rootFrame: number, entry: TlbEntryDump): string | null {
  const mapping = guest.guestMapping(rootFrame, BigInt(entry.page));
  if (mapping === null) return 'the guest does not map this page';
  if ((entry.size ?? SMALL_PAGE) !== SMALL_PAGE) return `it maps a ${entry.size}-byte page, the guest maps 4 KiB pages`;
  const hostFrame = got.hostFrameOf(mapping.frame);
  if (hostFrame !== frameNumber(BigInt(entry.frame))) return `it reaches host frame ${entry.frame}, but the guest maps this page to guest frame ${hex(frameAddress(mapping.frame))}${hostFrame === undefined ? ', which is not backed' : `, backed by ${hex(frameAddress(hostFrame))}`}`;
  const rights = rightsFromDump(entry.rights);
  if (rights & RIGHT_WRITE && !mapping.writable) return 'it allows writes, the guest maps the page read-only';
  if (rights & RIGHT_USER && !mapping.user) return 'it allows user access, the guest maps the page supervisor-only';
  if (rights & RIGHT_EXECUTE && !mapping.executable) return 'it allows execution, the guest maps the page NX';
  if (entry.dirty && !mapping.dirty) return "it serves writes, but the guest's PTE is clean (D = 0)";
  return null;
}
