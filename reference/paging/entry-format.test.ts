import {
  EXAMINED_ACCESSED,
  EXAMINED_DIRTY,
  EXAMINED_LEAF,
  EXAMINED_PRESENT,
  EXAMINED_RESERVED,
  EXAMINED_RIGHTS,
  EntryFormat,
  EntryHalves,
} from './entry-format';
import { eptFormat } from './ept-format';
import { x86Format } from './x86-format';

/**
 * `examine` is the walk loop's one-call summary of an entry: it must agree
 * with the format's individual questions, for every format, level and entry
 * shape, including entries with high bits (NX, software bits, bits above
 * MAXPHYADDR) that take the bigint path of EntryHalves.
 */

const FORMATS: [string, EntryFormat][] = [
  ['x86 NXE WP', x86Format({ nxe: true, wp: true })],
  ['x86 no NXE', x86Format({ nxe: false, wp: true })],
  ['x86 no 1 GiB pages', x86Format({ nxe: true, wp: false, gigabytePages: false })],
  ['x86 MAXPHYADDR 40', x86Format({ nxe: true, wp: true, maxPhysicalAddressBits: 40 })],
  ['EPT', eptFormat({ accessedDirty: false })],
  ['EPT A/D', eptFormat({ accessedDirty: true })],
  ['EPT no execute-only, no 1 GiB pages', eptFormat({ accessedDirty: true, executeOnly: false, gigabytePages: false })],
  ['EPT MAXPHYADDR 39', eptFormat({ accessedDirty: false, maxPhysicalAddressBits: 39 })],
];

/** A deterministic mix of plausible and hostile entries. */
function sampleEntries(count: number): bigint[] {
  let state = 0x9e3779b9;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const entries: bigint[] = [0n, 1n, 0x7n, 0x87n, 0xfffn, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) | 0x1067n, 1n << 52n, 1n << 46n];
  while (entries.length < count) {
    const frame = BigInt(next() % 0x100000) << 12n;
    const low = BigInt(next() & 0xfff);
    const high = next() % 4 === 0 ? BigInt(next()) << 32n : 0n;
    entries.push(frame | low | high);
  }
  return entries;
}

describe.each(FORMATS)('examine agrees with the single questions: %s', (_name, format) => {
  const entries = sampleEntries(1000);
  test.each([1, 2, 3, 4, 5])('level %i', (level) => {
    for (const entry of entries) {
      // Twice: the second call is answered from what examine remembers of the level.
      for (let call = 0; call < 2; call++) {
        const facts = format.examine(entry, level);
        if (!format.isPresent(entry)) {
          expect(facts).toBe(0);
          continue;
        }
        const low = Number(entry & 0xfffn);
        const adKept = format.accessedBit !== 0n;
        expect({
          present: (facts & EXAMINED_PRESENT) !== 0,
          reserved: (facts & EXAMINED_RESERVED) !== 0,
          leaf: (facts & EXAMINED_LEAF) !== 0,
          rights: facts & EXAMINED_RIGHTS,
          accessed: (facts & EXAMINED_ACCESSED) !== 0,
          dirty: (facts & EXAMINED_DIRTY) !== 0,
        }).toEqual({
          present: true,
          reserved: format.reservedReason(entry, level) !== null,
          leaf: format.isLeaf(entry, level),
          rights: format.rights(entry),
          accessed: !adKept || (low & Number(format.accessedBit)) !== 0,
          dirty: !adKept || (low & Number(format.dirtyBit)) !== 0,
        });
      }
    }
  });
});

describe('EntryHalves', () => {
  test.each([0n, 0xfffn, 0xffff_ffffn, 1n << 32n, (1n << 53n) - 1n, 1n << 53n, 1n << 63n, (1n << 64n) - 1n, 0x8000_1234_5678_9abcn])('splits %s exactly', (entry) => {
    const halves = new EntryHalves();
    halves.split(entry);
    expect([halves.low, halves.high]).toEqual([Number(entry & 0xffff_ffffn), Number(entry >> 32n)]);
  });
});
