import { hex } from '../../../reference/addresses';
import { EPT_A, EPT_MEMTYPE_SHIFT, EPT_RWX, PTE_A, PTE_P, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { ImageMemory } from '../../../observe/memory-image';
import { NestedWalkProbe } from '../../../observe/probe-types';
import { randomVa } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];
const PAGE = 0x1000n;
const GIB_1 = 0x4000_0000n;
const MIB_2 = 0x20_0000n;
/** Guest P|RW|US: every guest entry grants everything, so only the nested side decides. */
const GUEST_OPEN = PTE_P | PTE_RW | PTE_US;
/** Host pages: nested tables from 0x100000, guest pages from 0x200000. */
const NESTED_ROOT = 0x10_0000n;
const PDPT = 0x10_1000n;
const PD = 0x10_2000n;
/** The page used at two levels: a PD for gPA 1 GiB..2 GiB, a PT for gPA 0..2 MiB. */
const SHARED = 0x10_3000n;
/** The page SHARED[k] points to: the PT of the PD entry SHARED[k]; as the leaf of gPA k × 4 KiB, that gPA's host page. */
const SECOND = 0x10_4000n;
const HOST_PAGES = 0x20_0000n;
/** An EPT leaf granting everything with memory type WB (6). */
const EPT_LEAF_WB = EPT_RWX | (6n << EPT_MEMTYPE_SHIFT);

const vaIndex = (va: bigint, level: number) => Number((va >> BigInt(12 + 9 * (level - 1))) & 0x1ffn);

/**
 * One nested page at two levels. Nested PDPT[1] and PD[0] both point to the
 * page SHARED, so its entry k is a table pointer for the gPAs
 * 1 GiB + k × 2 MiB .. (PD level: it wants A only) and a leaf for gPA
 * k × 4 KiB (PT level: it wants D too on a write, and every guest
 * page-table access is a write under EPT A/D and NPT). The guest tables of
 * the rows above `leafRow` sit behind the table pointer; row `leafRow`'s
 * gPA (a guest table, or the data when `leafRow` is the data row) is gPA
 * k × 4 KiB, behind the leaf. So the walk wants A in SHARED[k] first and D in
 * it rows later: a second write, of D alone.
 */
function build(random: Random, format: 'ept' | 'npt', leafRow: number): NestedWalkProbe {
  const va = randomVa(random, 4);
  const memory = new ImageMemory();
  const table = (address: bigint) => address | (format === 'ept' ? EPT_RWX : GUEST_OPEN);
  // EPT leaves with memory type 0 (UC) keep bits 7:3 clear, so the same entry is well formed at both levels.
  const leaf = (address: bigint) => address | (format === 'ept' ? (random.chance(0.5) ? EPT_RWX : EPT_LEAF_WB) : GUEST_OPEN);
  const shared = random.int(1, 511);
  const k = BigInt(shared);
  memory.writeEntry(NESTED_ROOT, table(PDPT));
  memory.writeEntry(PDPT, table(PD));
  memory.writeEntry(PDPT + 8n, table(SHARED));
  memory.writeEntry(PD, table(SHARED));
  memory.writeEntry(SHARED + 8n * k, table(SECOND));

  // Rows 0..3 are the guest PML4E..PTE, row 4 the data. Row leafRow's page is gPA k × 4 KiB, i.e. host page SECOND;
  // every other page is one of the 4 KiB pages behind SHARED[k] as a PD entry, in slots of SECOND apart from the
  // guest entry that row leafRow reads there.
  const slotInSecond = leafRow < 4 ? vaIndex(va, 4 - leafRow) : -1;
  const freeSlots = Array.from({ length: 512 }, (_, slot) => slot).filter((slot) => slot !== slotInSecond);
  const pageGpas: bigint[] = [];
  for (let row = 0; row <= 4; row++) {
    if (row === leafRow) {
      pageGpas.push(k * PAGE);
      continue;
    }
    const slot = freeSlots.splice(random.int(0, freeSlots.length - 1), 1)[0];
    pageGpas.push(GIB_1 + k * MIB_2 + BigInt(slot) * PAGE);
    memory.writeEntry(SECOND + 8n * BigInt(slot), leaf(HOST_PAGES + BigInt(row) * PAGE));
  }
  const hostPage = (row: number) => (row === leafRow ? SECOND : HOST_PAGES + BigInt(row) * PAGE);
  for (let row = 0; row < 4; row++) {
    const level = 4 - row;
    // Guest entries with A half the time, so the guest dimension asks for some A bits and not others.
    memory.writeEntry(hostPage(row) + 8n * BigInt(vaIndex(va, level)), pageGpas[row + 1] | GUEST_OPEN | (random.chance(0.5) ? PTE_A : 0n));
  }
  // The table pointer sometimes already has its A: then the later row still wants D alone.
  if (random.chance(0.25)) memory.writeEntry(SHARED + 8n * k, table(SECOND) | (format === 'ept' ? EPT_A : PTE_A));
  const access: AccessKind = leafRow === 4 ? (random.chance(0.75) ? 'write' : random.pick(ACCESSES)) : random.pick(ACCESSES);
  return {
    kind: 'nested-walk',
    guest: { control: { wp: true, nxe: true, levels: 4 }, root: hex(pageGpas[0]), va: hex(va), access: { kind: access, user: random.chance(0.5) } },
    nested: { format, levels: 4, root: hex(NESTED_ROOT), accessedDirty: true },
    memory: memory.toImage(),
  };
}

function situation(format: 'ept' | 'npt', leafRow: number): Situation {
  const what = leafRow === 4 ? 'the data page' : `the guest level-${4 - leafRow} table`;
  return {
    name: `${format}: a nested entry passed as a table pointer, then the leaf of ${what}`,
    build: (random) => build(random, format, leafRow),
  };
}

/**
 * A nested table page used at two levels, so one nested entry wants A in an
 * early row and D in a later one (the second write of D alone), under EPT
 * A/D and NPT.
 */
export const nestedTwoLevelTableGenerator = situationGenerator({
  name: 'nested-two-level-table',
  description:
    'A nested table page used at two levels (a PD for some gPAs, a PT for others): one nested entry is a table pointer in an early row (A) and a leaf in a later one (D after A). params.format: any (default), ept or npt.',
  situations(params) {
    const { format } = readParams(params, { format: { values: ['any', 'ept', 'npt'], default: 'any' } });
    const formats: readonly ('ept' | 'npt')[] = format === 'any' ? ['ept', 'npt'] : [format as 'ept' | 'npt'];
    return [1, 2, 3, 4].flatMap((leafRow) => formats.map((candidate) => situation(candidate, leafRow)));
  },
});
