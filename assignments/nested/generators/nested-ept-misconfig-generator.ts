import { EPT_R, EPT_RWX, EPT_W, EPT_X } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { EntryEdit, aboveMaxPhysicalBit, eptMemoryType, eptPageSizeBit, eptRights, largePageLowBit, notPresent, setBits } from './nested-edits';
import { SceneChoices, Stage, firstSuitable, pickNestedSpot, randomScene } from './nested-scene';
import { GIB_1, MIB_2 } from './nested-two-d-image';
import { Situation, readParams, situationGenerator } from './nested-situations';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];
const RESERVED_MEMORY_TYPES: readonly bigint[] = [2n, 3n, 7n];

/** `path` is the nested levels of a gPA's walk, top down; its last is the leaf. */
const isLeaf = (level: number, path: readonly number[]) => level === path[path.length - 1];

/** One way an EPT entry is malformed (SDM 29.3.3.1): where it can be, and how to make it. */
interface Misconfiguration {
  readonly name: string;
  readonly choices?: (random: Random) => SceneChoices;
  accepts(level: number, path: readonly number[]): boolean;
  edit(random: Random, level: number): EntryEdit;
}

const anywhere = () => true;

const MISCONFIGURATIONS: readonly Misconfiguration[] = [
  { name: 'write without read (XWR 010)', accepts: anywhere, edit: () => eptRights(EPT_W) },
  { name: 'write and execute without read (XWR 110)', accepts: anywhere, edit: () => eptRights(EPT_W | EPT_X) },
  { name: 'execute-only without support', choices: () => ({ executeOnly: false }), accepts: anywhere, edit: () => eptRights(EPT_X) },
  { name: 'a reserved memory type in a leaf', accepts: isLeaf, edit: (random) => eptMemoryType(random.pick(RESERVED_MEMORY_TYPES)) },
  { name: 'reserved bits 6:3 of a non-leaf entry', accepts: (level, path) => !isLeaf(level, path), edit: (random) => setBits(1n << BigInt(random.int(3, 6))) },
  { name: 'an address bit above MAXPHYADDR', accepts: anywhere, edit: (random) => setBits(aboveMaxPhysicalBit(random)) },
  { name: 'PS at the top level', accepts: (level, path) => level === path[0], edit: () => eptPageSizeBit },
  {
    name: 'address bits below the page size of a large leaf',
    choices: (random) => ({ tableHostPageSize: random.pick([MIB_2, GIB_1]), dataHostPageSize: random.pick([MIB_2, GIB_1]) }),
    accepts: (level, path) => isLeaf(level, path) && level >= 2,
    edit: (random, level) => setBits(largePageLowBit(random, level, 12)),
  },
];

function misconfigured(kind: Misconfiguration, stage: Stage): Situation {
  return {
    name: `${stage}: ${kind.name}`,
    build(random) {
      return firstSuitable(this.name, () => {
        const scene = randomScene(random, 'ept', kind.choices?.(random) ?? {});
        const spot = pickNestedSpot(scene, stage, (level, path) => kind.accepts(level, path));
        if (spot === null) return null;
        scene.image.editNested(scene.rowGpa(spot.row), spot.level, kind.edit(random, spot.level));
        return scene.probe(random.pick(ACCESSES), random.chance(0.5));
      });
    },
  };
}

/**
 * Two edits on one gPA's nested path: `upper` at a non-leaf level, `lower` at
 * a level below it. The lower edit goes in first, since the path is found by
 * walking down through the upper entry. Both levels are the row's own.
 */
function twoLevels(name: string, stage: Stage, upper: (random: Random) => EntryEdit, lower: (random: Random) => EntryEdit, access?: AccessKind): Situation {
  return {
    name: `${stage}: ${name}`,
    build(random) {
      return firstSuitable(this.name, () => {
        const scene = randomScene(random, 'ept');
        const spot = pickNestedSpot(scene, stage, (level, path) => !isLeaf(level, path));
        if (spot === null) return null;
        const gpa = scene.rowGpa(spot.row);
        const path = scene.nestedLevels(spot.row);
        const lowerLevel = random.pick(path.filter((level) => level < spot.level));
        scene.image.editNested(gpa, lowerLevel, lower(random));
        scene.image.editNested(gpa, spot.level, upper(random));
        return scene.probe(access ?? random.pick(ACCESSES), random.chance(0.5));
      });
    },
  };
}

/** A misconfiguration any level can have, for the two-level cases. */
const anyMisconfiguration = (random: Random): EntryEdit => random.pick([eptRights(EPT_W), eptRights(EPT_W | EPT_X), setBits(aboveMaxPhysicalBit(random))]);

/** Misconfigurations are found per level, top down, before any rights check: these cases tell the orders apart. */
function priorities(stage: Stage): Situation[] {
  return [
    twoLevels('a misconfiguration above a not-present entry is reported', stage, anyMisconfiguration, (random) => notPresent(random, EPT_RWX)),
    twoLevels('a not-present entry above a misconfiguration stops the walk: a violation', stage, (random) => notPresent(random, EPT_RWX), anyMisconfiguration),
    twoLevels('of two misconfigurations the higher is reported', stage, anyMisconfiguration, anyMisconfiguration),
    twoLevels(
      'a misconfiguration below a level that refuses the write is still a misconfiguration',
      stage,
      () => eptRights(EPT_R | EPT_X),
      (random) => (random.chance(0.5) ? eptRights(EPT_W) : setBits(aboveMaxPhysicalBit(random))),
      'write',
    ),
  ];
}

function situationsFor(stage: Stage): Situation[] {
  return [...MISCONFIGURATIONS.map((kind) => misconfigured(kind, stage)), ...priorities(stage)];
}

/**
 * EPT misconfigurations of every kind at every level where that kind can be,
 * in guest-table accesses and in the final translation, and the cases that
 * tell "checked per level, top down" from other orders.
 */
export const nestedEptMisconfigGenerator = situationGenerator({
  name: 'nested-ept-misconfig',
  description:
    'EPT misconfigurations (W without R, XWR 110, X-only unsupported, reserved memory types, reserved bits 6:3, bits above MAXPHYADDR, PS at the top, large-page address bits) and their priority over violations. params.stage: any (default), guest-table or final.',
  situations(params) {
    const { stage } = readParams(params, { stage: { values: ['any', 'guest-table', 'final'], default: 'any' } });
    if (stage === 'any') {
      // Alternate the stages, kind by kind.
      const guestTable = situationsFor('guest-table');
      const final = situationsFor('final');
      return guestTable.flatMap((situation, i) => (i % 2 === 0 ? [situation, final[i]] : [final[i], situation]));
    }
    return situationsFor(stage as Stage);
  },
});
