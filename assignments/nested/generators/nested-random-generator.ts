import { EPT_A, EPT_D, EPT_R, EPT_RWX, EPT_W, EPT_X, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { clearBits, eptRights } from './nested-edits';
import { Scene, randomScene } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];

/** Well-formed EPT rights short of R/W/X (execute-only is supported by default). */
const EPT_PARTIAL_RIGHTS: readonly (readonly [bigint, number])[] = [
  [EPT_R | EPT_W, 1],
  [EPT_R | EPT_X, 1],
  [EPT_R, 1],
  [EPT_X, 1],
];

/** How often an x86 entry loses P, RW or US or gains NX: rarely, since a walk reads many entries and most walks should get through. */
interface X86Odds {
  readonly notPresent: number;
  readonly readOnly: number;
  readonly supervisor: number;
  readonly noExecute: number;
}

/** About one walk in four faults in the guest's tables. */
const GUEST_ODDS: X86Odds = { notPresent: 0.01, readOnly: 0.05, supervisor: 0.04, noExecute: 0.04 };
/** NPT: guest page-table accesses are user writes, so RW and US matter in every row: rarer still. */
const NPT_ODDS: X86Odds = { notPresent: 0.003, readOnly: 0.008, supervisor: 0.006, noExecute: 0.03 };

function randomX86Entry(random: Random, entry: bigint, nxe: boolean, odds: X86Odds): bigint {
  let result = entry;
  if (random.chance(odds.notPresent)) result &= ~PTE_P;
  if (random.chance(odds.readOnly)) result &= ~PTE_RW;
  if (random.chance(odds.supervisor)) result &= ~PTE_US;
  if (nxe && random.chance(odds.noExecute)) result |= PTE_NX;
  if (random.chance(0.4)) result |= PTE_A;
  return result;
}

/** EPT: an entry not present one time in 200, rights short of R/W/X one time in 30. */
function randomEptEntry(random: Random, entry: bigint): bigint {
  if (random.chance(0.005)) return clearBits(EPT_RWX)(entry);
  const rights = random.chance(0.97) ? EPT_RWX : random.weighted(EPT_PARTIAL_RIGHTS);
  return eptRights(rights)(entry) | (random.chance(0.4) ? EPT_A : 0n) | (random.chance(0.2) ? EPT_D : 0n);
}

/**
 * Random flags along both dimensions of one scene's walk: the guest entries,
 * and the nested entries of every row. Every entry is found first and only
 * then rewritten, since an entry made not present hides the path below it.
 */
function shuffleFlags(random: Random, scene: Scene): void {
  const { image } = scene;
  const { format } = scene.options.setup;
  const nxe = scene.options.setup.nxe ?? true;
  const guestPath = image.guestPath(scene.va);
  const nestedEntries = new Map<bigint, bigint>();
  for (let row = 0; row <= scene.guestEntries.length; row++) {
    for (const location of image.nestedPath(scene.rowGpa(row))) nestedEntries.set(location.entryAddress, location.entry);
  }
  guestPath.forEach((location, i) => {
    const leaf = i === guestPath.length - 1;
    image.memory.writeEntry(image.hpaOf(location.entryAddress), randomX86Entry(random, location.entry, nxe, GUEST_ODDS) | (leaf && random.chance(0.3) ? PTE_D : 0n));
  });
  for (const [address, entry] of nestedEntries) {
    image.memory.writeEntry(address, format === 'npt' ? randomX86Entry(random, entry, true, NPT_ODDS) | (random.chance(0.2) ? PTE_D : 0n) : randomEptEntry(random, entry));
  }
}

function randomWalk(format: 'ept' | 'npt' | 'any'): Situation {
  return {
    name: 'a random 2D setup and access',
    build(random) {
      const scene = randomScene(random, format === 'any' ? random.pick(['ept', 'npt'] as const) : format, { wp: random.chance(0.8), nxe: random.chance(0.9) });
      shuffleFlags(random, scene);
      return scene.probe(random.pick(ACCESSES), random.chance(0.5));
    },
  };
}

/**
 * Random well-formed 2D setups (any level mix, packed or spread guest tables,
 * random rights and A/D bits in both dimensions, EPT A/D on or off, WP and
 * NXE on or off) with random accesses: mostly translations, sometimes a fault
 * of either dimension.
 */
export const nestedRandomGenerator = situationGenerator({
  name: 'nested-random',
  description: 'Random 2D setups of any shape with random rights and A/D bits in both dimensions, and random accesses. params.format: any (default), ept or npt.',
  situations(params) {
    const { format } = readParams(params, { format: { values: ['any', 'ept', 'npt'], default: 'any' } });
    return [randomWalk(format as 'ept' | 'npt' | 'any')];
  },
});
