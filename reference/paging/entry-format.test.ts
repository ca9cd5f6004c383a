import {
  EXAMINED_ACCESSED,
  EXAMINED_DIRTY,
  EXAMINED_LEAF,
  EXAMINED_NOT_PRESENT,
  EXAMINED_PRESENT,
  EXAMINED_RESERVED,
  EXAMINED_RIGHTS,
  EntryFormat,
  EntryHalves,
} from './entry-format';
import { eptFormat } from './ept-format';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from './rights';
import { x86Format } from './x86-format';

/**
 * `examine` is the walk loop's one-call summary of an entry. It is checked
 * here against the entry bits as the manuals define them (SDM 4.5 for x86,
 * 29.3.2 for EPT), spelled out independently below, for every format, level
 * and entry shape, including entries with high bits (NX, software bits, bits
 * above MAXPHYADDR) that take the bigint path of EntryHalves.
 */

interface SampledFormat {
  readonly format: EntryFormat;
  /** Does the format keep A/D bits? */
  readonly accessedDirty: boolean;
  /** With EFER.NXE set, bit 63 takes execute away (x86 only). */
  readonly nxe?: boolean;
}

const FORMATS: [string, SampledFormat][] = [
  ['x86 NXE WP', { format: x86Format({ nxe: true, wp: true }), accessedDirty: true, nxe: true }],
  ['x86 no NXE', { format: x86Format({ nxe: false, wp: true }), accessedDirty: true, nxe: false }],
  ['x86 no 1 GiB pages', { format: x86Format({ nxe: true, wp: false, gigabytePages: false }), accessedDirty: true, nxe: true }],
  ['x86 MAXPHYADDR 40', { format: x86Format({ nxe: true, wp: true, maxPhysicalAddressBits: 40 }), accessedDirty: true, nxe: true }],
  ['EPT', { format: eptFormat({ accessedDirty: false, executeOnly: true }), accessedDirty: false }],
  ['EPT A/D', { format: eptFormat({ accessedDirty: true, executeOnly: true }), accessedDirty: true }],
  ['EPT no execute-only', { format: eptFormat({ accessedDirty: true, executeOnly: false }), accessedDirty: true }],
  ['EPT MAXPHYADDR 39', { format: eptFormat({ accessedDirty: false, executeOnly: true, maxPhysicalAddressBits: 39 }), accessedDirty: false }],
];

const bit = (entry: bigint, n: number) => ((entry >> BigInt(n)) & 1n) === 1n;

/** Present, leaf and rights of an entry, from the manuals' bit definitions. */
function expectedFacts(sampled: SampledFormat, entry: bigint, level: number) {
  if (sampled.format.name === 'x86') {
    // P = bit 0, RW = 1, US = 2, PS = 7, NX = 63.
    return {
      present: bit(entry, 0),
      leaf: level === 1 || bit(entry, 7),
      rights: RIGHT_READ | (bit(entry, 1) ? RIGHT_WRITE : 0) | (bit(entry, 2) ? RIGHT_USER : 0) | (sampled.nxe && bit(entry, 63) ? 0 : RIGHT_EXECUTE),
    };
  }
  // R = bit 0, W = 1, X = 2, PS = 7 (a leaf at levels 2 and 3 only); no user/supervisor distinction.
  return {
    present: (entry & 7n) !== 0n,
    leaf: level === 1 || ((level === 2 || level === 3) && bit(entry, 7)),
    rights: RIGHT_USER | (bit(entry, 0) ? RIGHT_READ : 0) | (bit(entry, 1) ? RIGHT_WRITE : 0) | (bit(entry, 2) ? RIGHT_EXECUTE : 0),
  };
}

/** A deterministic mix of plausible and hostile entries. */
function sampleEntries(count: number): bigint[] {
  let state = 0x9e3779b9;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const entries: bigint[] = [0n, 1n, 0x7n, 0x87n, 0xfffn, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) | 0x1067n, 1n << 52n, 1n << 46n];
  while (entries.length < count) {
    // The upper bits of each draw: the low bits of this generator repeat with short periods.
    const frame = BigInt(next() >>> 12) << 12n;
    const low = BigInt(next() >>> 20);
    const high = next() % 4 === 0 ? BigInt(next()) << 32n : 0n;
    entries.push(frame | low | high);
  }
  return entries;
}

describe.each(FORMATS)('examine agrees with the entry bits: %s', (_name, sampled) => {
  const { format } = sampled;
  const entries = sampleEntries(1000);
  test.each([1, 2, 3, 4, 5])('level %i', (level) => {
    let present = 0;
    for (const entry of entries) {
      // Twice: the second call is answered from what examine remembers of the level.
      for (let call = 0; call < 2; call++) {
        const facts = format.examine(entry, level);
        const expected = expectedFacts(sampled, entry, level);
        if (!expected.present) {
          expect(facts).toBe(EXAMINED_NOT_PRESENT);
          continue;
        }
        present++;
        const reserved = format.reservedReason(entry, level) !== null;
        expect({
          present: (facts & EXAMINED_PRESENT) !== 0,
          reserved: (facts & EXAMINED_RESERVED) !== 0,
          leaf: (facts & EXAMINED_LEAF) !== 0,
          // The walk stops at a malformed entry and never uses its rights.
          rights: reserved ? expected.rights : facts & EXAMINED_RIGHTS,
          accessed: (facts & EXAMINED_ACCESSED) !== 0,
          dirty: (facts & EXAMINED_DIRTY) !== 0,
        }).toEqual({
          ...expected,
          reserved,
          accessed: !sampled.accessedDirty || (entry & format.accessedBit) !== 0n,
          dirty: !sampled.accessedDirty || (entry & format.dirtyBit) !== 0n,
        });
      }
    }
    expect(present).toBeGreaterThan(500);
  });
});

describe('EntryHalves', () => {
  test.each([0n, 0xfffn, 0xffff_ffffn, 1n << 32n, (1n << 53n) - 1n, 1n << 53n, 1n << 63n, (1n << 64n) - 1n, 0x8000_1234_5678_9abcn])('splits %s exactly', (entry) => {
    const halves = new EntryHalves();
    halves.split(entry);
    expect([halves.low, halves.high]).toEqual([Number(entry & 0xffff_ffffn), Number(entry >> 32n)]);
  });
});
