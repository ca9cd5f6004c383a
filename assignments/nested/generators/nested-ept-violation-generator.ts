import { EPT_R, EPT_RWX, EPT_W, EPT_X, PTE_A, PTE_D } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { eptRights, notPresent, notPresentMalformed } from './nested-edits';
import { Stage, firstSuitable, pickNestedSpot, randomScene } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];

/** Well-formed EPT rights (no W without R; X-only needs execute-only support, on by default) that refuse each access. */
const REFUSING: Readonly<Record<AccessKind, readonly bigint[]>> = {
  read: [EPT_X],
  write: [EPT_R, EPT_X, EPT_R | EPT_X],
  fetch: [EPT_R, EPT_R | EPT_W],
};

/** Execute-only support is on by default: say so explicitly half the time, so both spellings occur. */
function executeOnlyChoice(random: Random): { executeOnly?: boolean } {
  return random.chance(0.5) ? { executeOnly: true } : {};
}

/** An entry with no R/W/X, at a nested level of a row of `stage`. */
function notPresentIn(stage: Stage): Situation {
  return {
    name: `${stage}: a nested entry is not present`,
    build(random) {
      return firstSuitable(this.name, () => {
        const scene = randomScene(random, 'ept');
        const spot = pickNestedSpot(scene, stage);
        if (spot === null) return null;
        scene.image.editNested(scene.rowGpa(spot.row), spot.level, notPresent(random, EPT_RWX));
        return scene.probe(random.pick(ACCESSES), random.chance(0.5));
      });
    },
  };
}

/**
 * An entry with no R/W/X whose other bits would be a misconfiguration if it
 * were present (a reserved memory type, bits 7:3 of a table pointer, bits
 * above MAXPHYADDR): presence is checked first, so this is a violation.
 */
function notPresentMalformedIn(stage: Stage): Situation {
  return {
    name: `${stage}: a nested entry is not present, with bits that would be reserved in a present one`,
    build(random) {
      return firstSuitable(this.name, () => {
        const scene = randomScene(random, 'ept');
        const spot = pickNestedSpot(scene, stage);
        if (spot === null) return null;
        const path = scene.nestedLevels(spot.row);
        const leaf = spot.level === path[path.length - 1];
        scene.image.editNested(scene.rowGpa(spot.row), spot.level, notPresentMalformed(random, 'ept', leaf, spot.level === path[0]));
        return scene.probe(random.pick(ACCESSES), random.chance(0.5));
      });
    },
  };
}

/** The final access refused by the rights of one nested level of the data gPA (rights are ANDed over the levels). */
const finalRightsRefuse: Situation = {
  name: 'final: the rights refuse the access',
  build(random) {
    return firstSuitable(this.name, () => {
      const scene = randomScene(random, 'ept', executeOnlyChoice(random));
      const spot = pickNestedSpot(scene, 'final');
      if (spot === null) return null;
      const access = random.pick(ACCESSES);
      scene.image.editNested(scene.dataGpa, spot.level, eptRights(random.pick(REFUSING[access])));
      return scene.probe(access, random.chance(0.5));
    });
  },
};

/**
 * A guest table in a page whose EPT rights refuse the hardware's access to
 * it: without write under EPT A/D (guest page-table accesses are writes
 * then), or execute-only (no read) without A/D.
 */
const guestTableRightsRefuse: Situation = {
  name: 'guest-table: the rights refuse the access to a guest table',
  build(random) {
    return firstSuitable(this.name, () => {
      const accessedDirty = random.chance(0.5);
      const scene = randomScene(random, 'ept', { accessedDirty, ...executeOnlyChoice(random) });
      const spot = pickNestedSpot(scene, 'guest-table');
      if (spot === null) return null;
      const rights = accessedDirty ? random.pick(REFUSING.write) : EPT_X;
      scene.image.editNested(scene.rowGpa(spot.row), spot.level, eptRights(rights));
      return scene.probe(random.pick(ACCESSES), random.chance(0.5));
    });
  },
};

/**
 * Without EPT A/D the read of a guest entry is a read, but setting its A (or
 * D) is a data write (SDM 29.3.3.2): a read-only EPT page holding a guest
 * table the walk must set A in is an EPT violation, a write (bits 0 and 1),
 * in the row of that entry, after its read.
 */
const adWriteToReadOnlyGuestTable: Situation = {
  name: 'guest-table: without EPT A/D, setting A in a guest entry on a read-only EPT page is a data write',
  build(random) {
    return firstSuitable(this.name, () => {
      const scene = randomScene(random, 'ept', { accessedDirty: false });
      const spot = pickNestedSpot(scene, 'guest-table');
      if (spot === null) return null;
      scene.image.editNested(scene.rowGpa(spot.row), spot.level, eptRights(random.pick([EPT_R, EPT_R | EPT_X])));
      return scene.probe(random.pick(ACCESSES), random.chance(0.5));
    });
  },
};

/** The contrast: a read-only EPT page may hold guest entries whose A (and the leaf's D) already hold, when EPT A/D is off. */
const readOnlyGuestTablesAlreadyAccessed: Situation = {
  name: 'guest-table: without EPT A/D, read-only EPT pages hold guest entries whose A/D already hold',
  build(random) {
    return firstSuitable(this.name, () => {
      const scene = randomScene(random, 'ept', { accessedDirty: false });
      const spot = pickNestedSpot(scene, 'guest-table');
      if (spot === null) return null;
      const path = scene.image.guestPath(scene.va);
      const leafLevel = Math.min(...path.map((step) => step.level));
      for (const { level } of path) scene.image.editGuest(scene.va, level, (entry) => entry | PTE_A | (level === leafLevel ? PTE_D : 0n));
      scene.image.editNested(scene.rowGpa(spot.row), spot.level, eptRights(random.pick([EPT_R, EPT_R | EPT_X])));
      return scene.probe(random.pick(ACCESSES), random.chance(0.5));
    });
  },
};

const GUEST_TABLE: readonly Situation[] = [
  notPresentIn('guest-table'),
  guestTableRightsRefuse,
  adWriteToReadOnlyGuestTable,
  readOnlyGuestTablesAlreadyAccessed,
  notPresentMalformedIn('guest-table'),
];
const FINAL: readonly Situation[] = [notPresentIn('final'), finalRightsRefuse, notPresentMalformedIn('final')];

/**
 * EPT violations: a nested entry not present, or rights (ANDed over the
 * levels) that refuse the access, in the translation of a guest table's gPA
 * (qualification bit 8 clear) or of the final data gPA (bit 8 set).
 */
export const nestedEptViolationGenerator = situationGenerator({
  name: 'nested-ept-violation',
  description:
    'EPT violations: not-present entries (also ones whose other bits would be reserved if present) and refusing rights at every nested level, in guest-table accesses (bit 8 clear; writes under EPT A/D) and in the final translation (bit 8 set). params.stage: any (default), guest-table or final.',
  situations(params) {
    const { stage } = readParams(params, { stage: { values: ['any', 'guest-table', 'final'], default: 'any' } });
    if (stage === 'guest-table') return GUEST_TABLE;
    if (stage === 'final') return FINAL;
    return [GUEST_TABLE[0], FINAL[0], GUEST_TABLE[1], FINAL[1], GUEST_TABLE[2], FINAL[2], GUEST_TABLE[4]];
  },
});
