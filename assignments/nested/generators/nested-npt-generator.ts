import { PTE_G, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { EntryEdit, aboveMaxPhysicalBit, clearBits, notPresent, notPresentMalformed, setBits } from './nested-edits';
import { Stage, firstSuitable, pickNestedSpot, randomScene } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];

/** A nested walk under NPT refused by one edit of an x86-format nested entry. */
interface NptBreak {
  readonly name: string;
  readonly stages: readonly Stage[];
  accepts?(level: number, path: readonly number[]): boolean;
  edit(random: Random, level: number, path: readonly number[]): EntryEdit;
  /** The guest's access (default: any kind). */
  access?(random: Random, stage: Stage): AccessKind;
}

const NPT_BREAKS: readonly NptBreak[] = [
  { name: 'not present', stages: ['guest-table', 'final'], edit: (random) => notPresent(random, PTE_P) },
  // P is checked first: a not-present entry's other bits are not looked at, so no RSVD.
  {
    name: 'not present, with bits that would be reserved in a present entry',
    stages: ['guest-table', 'final'],
    edit: (random, level, path) => notPresentMalformed(random, 'npt', level === path[path.length - 1], level === path[0]),
  },
  // Guest page-table accesses are user writes under NPT: a read-only page refuses them even for a guest read.
  { name: 'read-only', stages: ['guest-table', 'final'], edit: () => clearBits(PTE_RW), access: (random, stage) => (stage === 'final' ? 'write' : random.pick(ACCESSES)) },
  // Nested accesses are user accesses: a supervisor-only nested page refuses even a guest kernel access.
  { name: 'supervisor-only', stages: ['guest-table', 'final'], edit: () => clearBits(PTE_US) },
  { name: 'NX, for a fetch', stages: ['final'], edit: () => setBits(PTE_NX), access: () => 'fetch' },
  { name: 'a reserved address bit', stages: ['guest-table', 'final'], edit: (random) => setBits(aboveMaxPhysicalBit(random)) },
  { name: 'PS at the top level', stages: ['guest-table', 'final'], accepts: (level, path) => level === path[0], edit: () => setBits(PTE_PS) },
  // AMD, unlike Intel, reserves bit 8 of a PML4E and a PML5E too (APM vol. 2, 5.3.3).
  { name: 'bit 8 at the top level (AMD: must be zero)', stages: ['guest-table', 'final'], accepts: (level, path) => level === path[0], edit: () => setBits(PTE_G) },
];

function nptBreak(definition: NptBreak, stage: Stage): Situation {
  return {
    name: `${stage}: ${definition.name}`,
    build(random) {
      return firstSuitable(this.name, () => {
        const scene = randomScene(random, 'npt');
        const spot = pickNestedSpot(scene, stage, definition.accepts ?? (() => true));
        if (spot === null) return null;
        scene.image.editNested(scene.rowGpa(spot.row), spot.level, definition.edit(random, spot.level, scene.nestedLevels(spot.row)));
        return scene.probe(definition.access?.(random, stage) ?? random.pick(ACCESSES), random.chance(0.5));
      });
    },
  };
}

const translation: Situation = {
  name: 'a translation (A/D always kept)',
  build(random) {
    const scene = randomScene(random, 'npt');
    return scene.probe(random.pick(ACCESSES), random.chance(0.5));
  },
};

/**
 * AMD nested paging: x86-format nested tables walked as user accesses, guest
 * page-table accesses as writes, A/D always maintained, and #NPF with
 * EXITINFO1 (the #PF error code, bit 32 final translation, bit 33 guest page
 * table).
 */
export const nestedNptGenerator = situationGenerator({
  name: 'nested-npt',
  description:
    'AMD NPT: translations with nested A/D, and #NPF (not present, also with bits that would be reserved, read-only, supervisor-only, NX, reserved bits) in guest-table accesses and the final translation, with EXITINFO1. params.stage: any (default), guest-table or final (final and guest-table drop the translations).',
  situations(params) {
    const { stage } = readParams(params, { stage: { values: ['any', 'guest-table', 'final'], default: 'any' } });
    const stages: readonly Stage[] = stage === 'any' ? ['guest-table', 'final'] : [stage as Stage];
    const breaks = NPT_BREAKS.flatMap((definition) => stages.filter((candidate) => definition.stages.includes(candidate)).map((candidate) => nptBreak(definition, candidate)));
    const half = Math.floor(breaks.length / 2);
    return stage === 'any' ? [translation, ...breaks.slice(0, half), translation, ...breaks.slice(half)] : breaks;
  },
});
