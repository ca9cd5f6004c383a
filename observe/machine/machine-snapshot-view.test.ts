import { describeRights } from '../../reference/paging/rights';
import { VmSnapshot } from './machine-observation';
import { rightsFromDump, VmSnapshotView } from './machine-snapshot-view';

/** gVA 0x7f0000003000 (PML4 254, PDPT 0, PD 0, PT 3) → guest frame 0x101, read-only, NX, dirty; written out by hand. */
const SNAPSHOT: VmSnapshot = {
  vm: 1,
  runningPid: 1,
  guestCr3: '0x100000',
  guestTables: [
    { table: '0x100000', level: 4, entries: { '254': '0x102027' } },
    { table: '0x102000', level: 3, entries: { '0': '0x103027' } },
    { table: '0x103000', level: 2, entries: { '0': '0x104025' } },
    { table: '0x104000', level: 1, entries: { '3': '0x8000000000101065', '4': '0x8000000000106004' } },
  ],
  backing: { '0x100000': '0x200000', '0x101000': '0x201000' },
  tlb: [],
};
const view = new VmSnapshotView(SNAPSHOT);

it("walks the dumped tables: frame, combined rights and D of the guest's mapping", () => {
  expect(view.guestMapping(0x100, 0x7f0000003abcn)).toEqual({ frame: 0x101, writable: false, user: true, executable: false, dirty: true });
  expect(view.guestMapping(0x100, 0x7f0000004000n)).toBeNull(); // P clear
  expect(view.guestMapping(0x100, 0x400000n)).toBeNull(); // PML4 entry 0 absent
});

it('names the first address each table entry maps', () => {
  expect(view.vaOfEntry(0x104, 1, 3)).toBe(0x7f0000003000n);
  expect(view.vaOfEntry(0x100, 4, 255)).toBe(0x7f8000000000n);
  expect(view.vaOfEntry(0x999, 1, 0)).toBeUndefined();
});

it("walks a 5-level guest's tables from its PML5: the same tables under PML5 entry 255", () => {
  const fiveLevel = new VmSnapshotView({
    ...SNAPSHOT,
    guestCr3: '0x105000',
    guestLevels: 5,
    guestTables: [{ table: '0x105000', level: 5, entries: { '255': '0x100027' } }, ...SNAPSHOT.guestTables],
  });
  expect(fiveLevel.guestMapping(0x105, 0xff7f0000003abcn)).toEqual({ frame: 0x101, writable: false, user: true, executable: false, dirty: true });
  expect(fiveLevel.guestMapping(0x105, 0x7f0000003abcn)).toBeNull(); // PML5 entry 0 absent
  expect(fiveLevel.vaOfEntry(0x104, 1, 3)).toBe(0xff7f0000003000n);
});

it('looks gPA→hPA up both ways', () => {
  expect(view.hostFrameOf(0x101)).toBe(0x201);
  expect(view.hostFrameOf(0x105)).toBeUndefined();
  expect(view.guestFrameBackedBy(0x200)).toBe(0x100);
  expect(new VmSnapshotView({ ...SNAPSHOT, backing: undefined }).hostFrameOf(0x105)).toBe(0x105); // native: identity
});

it('reads back every rights string the dump writes', () => {
  for (let rights = 0; rights < 16; rights++) expect(rightsFromDump(describeRights(rights))).toBe(rights);
});
