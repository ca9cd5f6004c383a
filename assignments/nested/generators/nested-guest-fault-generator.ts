import { PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { EntryEdit, aboveMaxPhysicalBit, clearBits, largePageLowBit, notPresent, setBits } from './nested-edits';
import { Scene, SceneChoices, nonCanonical, randomScene } from './nested-scene';
import { GIB_1, MIB_2 } from './nested-two-d-image';
import { Situation, readParams, situationGenerator } from './nested-situations';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];

interface GuestCase {
  readonly name: string;
  readonly choices?: (random: Random) => SceneChoices;
  /** The guest levels the edit may go to, given the scene (default: any level the walk reads). */
  levels?(scene: Scene): number[];
  edit(random: Random, level: number): EntryEdit;
  /** The access, and whether it is a user one (default: any). */
  access?(random: Random): { kind: AccessKind; user: boolean };
}

const anyAccess = (random: Random) => ({ kind: random.pick(ACCESSES), user: random.chance(0.5) });
const walkedLevels = (scene: Scene) => scene.guestEntries.map((entry) => entry.level);

/** The guest's own tables refuse the access, or the guest rules allow what they must (WP clear). */
const GUEST_CASES: readonly GuestCase[] = [
  { name: 'not present', edit: (random) => notPresent(random, PTE_P) },
  { name: 'user write to a read-only page', edit: () => clearBits(PTE_RW), access: () => ({ kind: 'write', user: true }) },
  { name: 'supervisor write to a read-only page with CR0.WP set', choices: () => ({ wp: true }), edit: () => clearBits(PTE_RW), access: () => ({ kind: 'write', user: false }) },
  { name: 'supervisor write to a read-only page with CR0.WP clear (allowed)', choices: () => ({ wp: false }), edit: () => clearBits(PTE_RW), access: () => ({ kind: 'write', user: false }) },
  { name: 'user access to a supervisor page', edit: () => clearBits(PTE_US), access: (random) => ({ kind: random.pick(ACCESSES), user: true }) },
  { name: 'fetch from an NX page', choices: () => ({ nxe: true }), edit: () => setBits(PTE_NX), access: (random) => ({ kind: 'fetch', user: random.chance(0.5) }) },
  { name: 'NX with EFER.NXE clear (a reserved bit)', choices: () => ({ nxe: false }), edit: () => setBits(PTE_NX) },
  { name: 'an address bit above MAXPHYADDR (reserved)', edit: (random) => setBits(aboveMaxPhysicalBit(random)) },
  { name: 'PS in the top-level entry (reserved)', levels: (scene) => [scene.options.setup.guestLevels], edit: () => setBits(PTE_PS) },
  {
    name: 'address bits below the size of a large page (reserved)',
    choices: (random) => ({ guestPageSize: random.pick([MIB_2, GIB_1]) }),
    levels: (scene) => [scene.guestLeafLevel],
    // Bit 12 of a large leaf is PAT, not an address bit.
    edit: (random, level) => setBits(largePageLowBit(random, level, 13)),
  },
];

function guestCase(format: 'ept' | 'npt' | 'any', definition: GuestCase): Situation {
  return {
    name: definition.name,
    build(random) {
      const scene = randomScene(random, pickFormat(random, format), definition.choices?.(random) ?? {});
      const level = random.pick(definition.levels?.(scene) ?? walkedLevels(scene));
      scene.image.editGuest(scene.va, level, definition.edit(random, level));
      const { kind, user } = (definition.access ?? anyAccess)(random);
      return scene.probe(kind, user);
    },
  };
}

function nonCanonicalAddress(format: 'ept' | 'npt' | 'any'): Situation {
  return {
    name: 'a non-canonical address (#GP, before any reference)',
    build(random) {
      const scene = randomScene(random, pickFormat(random, format));
      const { kind, user } = anyAccess(random);
      return scene.probe(kind, user, nonCanonical(random, scene.va, scene.options.setup.guestLevels));
    },
  };
}

function pickFormat(random: Random, format: 'ept' | 'npt' | 'any'): 'ept' | 'npt' {
  return format === 'any' ? random.pick(['ept', 'npt'] as const) : format;
}

/**
 * Faults of the guest's own tables under nested paging: delivered to the
 * guest (#PF with its error code, #GP for a non-canonical address) with no VM
 * exit, after the nested walks of the guest entries read so far.
 */
export const nestedGuestFaultGenerator = situationGenerator({
  name: 'nested-guest-fault',
  description:
    'Guest faults under nested paging (not present, read-only, supervisor-only, NX, reserved bits, PS at the top, non-canonical) at every guest level, and the CR0.WP exception: no VM exit. params.format: any (default), ept or npt.',
  situations(params) {
    const { format } = readParams(params, { format: { values: ['any', 'ept', 'npt'], default: 'any' } });
    const chosen = format as 'ept' | 'npt' | 'any';
    return [...GUEST_CASES.map((definition) => guestCase(chosen, definition)), nonCanonicalAddress(chosen)];
  },
});
