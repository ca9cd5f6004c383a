import { EPT_R, EPT_W, EPT_X, PTE_NX, PTE_RW } from '../../../reference/paging/constants';
import { clearBits, eptRights, setBits } from './nested-edits';
import { firstSuitable, pickNestedSpot, randomScene } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';

/**
 * A translation whose two dimensions grant different rights: one nested
 * level of the data gPA takes away write (or execute), the guest leaf the
 * other one, and a read passes both. The translation's rights are their AND:
 * read (and user) only.
 */
function differingRights(format: 'ept' | 'npt'): Situation {
  return {
    name: `${format}: a read through guest and nested rights that differ`,
    build(random) {
      return firstSuitable(this.name, () => {
        const scene = randomScene(random, format);
        const spot = pickNestedSpot(scene, 'final');
        if (spot === null) return null;
        const nestedDropsWrite = random.chance(0.5);
        if (format === 'ept') scene.image.editNested(scene.dataGpa, spot.level, eptRights(nestedDropsWrite ? EPT_R | EPT_X : EPT_R | EPT_W));
        else scene.image.editNested(scene.dataGpa, spot.level, nestedDropsWrite ? clearBits(PTE_RW) : setBits(PTE_NX));
        scene.image.editGuest(scene.va, scene.guestLeafLevel, nestedDropsWrite ? setBits(PTE_NX) : clearBits(PTE_RW));
        return scene.probe('read', random.chance(0.5));
      });
    },
  };
}

/** Translations whose rights are the AND of the guest's and the final nested walk's. */
export const nestedRightsGenerator = situationGenerator({
  name: 'nested-translation-rights',
  description: 'Reads that translate through guest and nested rights that differ (one side without write, the other without execute): the rights are their AND. params.format: any (default), ept or npt.',
  situations(params) {
    const { format } = readParams(params, { format: { values: ['any', 'ept', 'npt'], default: 'any' } });
    return format === 'any' ? [differingRights('ept'), differingRights('npt')] : [differingRights(format as 'ept' | 'npt')];
  },
});
