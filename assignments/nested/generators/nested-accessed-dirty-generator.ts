import { EPT_A, EPT_D, EPT_R, EPT_RWX, EPT_X, PTE_A, PTE_D, PTE_P } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { eptRights, notPresent, setBits } from './nested-edits';
import { Scene, firstSuitable, pickNestedSpot, randomScene } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];

/**
 * Some A (and leaf D) bits already set, in both dimensions, as a running
 * system leaves them: the walk must ask only for the bits still clear, and
 * name each nested entry once however many rows use it.
 */
function presetAccessedDirty(random: Random, scene: Scene): void {
  const { image } = scene;
  const nestedEntries = new Map<bigint, { gpa: bigint; level: number; leaf: boolean }>();
  for (let row = 0; row <= scene.guestEntries.length; row++) {
    const path = image.nestedPath(scene.rowGpa(row));
    path.forEach((location, i) => nestedEntries.set(location.entryAddress, { gpa: scene.rowGpa(row), level: location.level, leaf: i === path.length - 1 }));
  }
  for (const { gpa, level, leaf } of nestedEntries.values()) {
    if (random.chance(0.5)) image.editNested(gpa, level, setBits(EPT_A | (leaf && random.chance(0.5) ? EPT_D : 0n)));
  }
  scene.guestEntries.forEach(({ level }, i) => {
    const leaf = i === scene.guestEntries.length - 1;
    if (random.chance(0.5)) image.editGuest(scene.va, level, setBits(PTE_A | (leaf && random.chance(0.5) ? PTE_D : 0n)));
  });
}

function translation(name: string, accessedDirty: boolean, access: AccessKind | null, preset: boolean): Situation {
  return {
    name,
    build(random) {
      const scene = randomScene(random, 'ept', { accessedDirty });
      if (preset) presetAccessedDirty(random, scene);
      return scene.probe(access ?? random.pick(ACCESSES), random.chance(0.5));
    },
  };
}

/** EPT A/D on, and the walk faults: A stays in the nested entries passed on the way, none in a refusing leaf. */
const finalViolation: Situation = {
  name: 'A/D on, the final access refused: A only on the nested entries passed',
  build(random) {
    return firstSuitable(this.name, () => {
      const scene = randomScene(random, 'ept', { accessedDirty: true });
      const spot = pickNestedSpot(scene, 'final');
      if (spot === null) return null;
      scene.image.editNested(scene.dataGpa, spot.level, random.chance(0.5) ? notPresent(random, EPT_RWX) : eptRights(EPT_R | EPT_X));
      return scene.probe('write', random.chance(0.5));
    });
  },
};

/**
 * A read-only EPT page holding a guest table: with EPT A/D on, every guest
 * page-table access is a write and is refused; with it off, the reads pass
 * but the walk's setting of A (or D) in an entry there is a data write and
 * is refused too (SDM 29.3.3.2), unless the entry's A/D already hold.
 */
function readOnlyGuestTable(accessedDirty: boolean): Situation {
  return {
    name: `A/D ${accessedDirty ? 'on' : 'off'}, a guest table in a read-only EPT page`,
    build(random) {
      return firstSuitable(this.name, () => {
        const scene = randomScene(random, 'ept', { accessedDirty });
        const spot = pickNestedSpot(scene, 'guest-table');
        if (spot === null) return null;
        scene.image.editNested(scene.rowGpa(spot.row), spot.level, eptRights(EPT_R));
        return scene.probe(random.pick(ACCESSES), random.chance(0.5));
      });
    },
  };
}

/** A guest fault after some guest entries: the nested walks made so far still set their A/D bits. */
const guestFault: Situation = {
  name: 'A/D on, a guest fault: the nested walks made so far keep their A/D writes',
  build(random) {
    const scene = randomScene(random, 'ept', { accessedDirty: true });
    const level = random.pick(scene.guestEntries.map((entry) => entry.level));
    scene.image.editGuest(scene.va, level, notPresent(random, PTE_P));
    return scene.probe(random.pick(ACCESSES), random.chance(0.5));
  },
};

const SITUATIONS: readonly Situation[] = [
  translation('A/D on, read', true, 'read', false),
  translation('A/D on, write: D in the data leaf', true, 'write', false),
  translation('A/D on, fetch', true, 'fetch', false),
  translation('A/D off: no nested A/D writes', false, null, false),
  translation('A/D on, some bits already set', true, null, true),
  translation('A/D off, some bits already set', false, null, true),
  finalViolation,
  readOnlyGuestTable(true),
  readOnlyGuestTable(false),
  guestFault,
];

/**
 * EPT accessed/dirty flags (EPTP bit 6): A in every nested entry used, once;
 * D in the nested leaf of written data and of every guest table (guest
 * page-table accesses count as writes); nothing when A/D is off. The guest
 * dimension's A/D writes, located at their hPAs, are reported in every case.
 */
export const nestedAccessedDirtyGenerator = situationGenerator({
  name: 'nested-accessed-dirty',
  description:
    'EPT A/D on and off: nested A/D writes for reads, writes and fetches, with bits already set, with a final violation, a read-only guest-table page and a guest fault; guest A/D writes located in host memory. No params.',
  situations(params) {
    readParams(params, {});
    return SITUATIONS;
  },
});
