import { Misconception } from '../../framework/misconception';
import { PKRU_AD_SHIFT, PKRU_WD_SHIFT, PTE_PKEY_SHIFT } from '../../../reference/paging/constants';
import { protectionKeyForbids, protectionKeyOf } from '../../../reference/paging/protection-keys';
import { RIGHT_USER } from '../../../reference/paging/rights';
import { CONCEPTS } from './concepts';
import { WalkCase, combinedRights, grantedButRefused, isUserPage, lastExpectedEntry, missingAboveTheLeaf, onWalk, permits, refusedButGranted, supervisorData } from './symptoms';

/** PKRU with the AD and WD bit of every key swapped. */
const swapAdWd = (pkru: number): number => (((pkru & 0x55555555) << 1) | ((pkru >>> 1) & 0x55555555)) >>> 0;

/** A reading of protection keys: which PKRU and which key of the leaf. */
interface KeyReading {
  readonly pkru: (pkru: number) => number;
  readonly key: (leaf: bigint) => number;
}
const ARCHITECTURAL: KeyReading = { pkru: (pkru) => pkru, key: protectionKeyOf };

/**
 * Does the access pass with everything but the keys as the reference has
 * it, and the keys read as `reading` says? Then if the reference's verdict
 * and the student's differ exactly as the two readings do, the reading is
 * what the student's walk does.
 */
function allowedUnder(walk: WalkCase, reading: KeyReading): boolean | undefined {
  const leaf = lastExpectedEntry(walk);
  const { control, access } = walk.probe;
  if (leaf === undefined || control.pke !== true) return undefined;
  const rights = combinedRights(walk);
  if (!permits(rights, leaf.entry, { ...control, pke: false }, access)) return undefined;
  return !protectionKeyForbids({ pkru: reading.pkru(control.pkru ?? 0), wp: control.wp }, access, reading.key(leaf.entry), (rights & RIGHT_USER) !== 0);
}

/** The student's verdict is the one under `reading`, and the reference's the architectural one, and they differ. */
function explainedBy(walk: WalkCase, reading: KeyReading): boolean {
  const [architectural, misread] = [allowedUnder(walk, ARCHITECTURAL), allowedUnder(walk, reading)];
  if (architectural === undefined || misread === undefined || architectural === misread) return false;
  return walk.expected.result.ok === architectural && walk.got.result.ok === misread;
}

/** Would PKRU forbid this access if it were checked (CR4.PKE set, any page, any access kind)? */
function keyWouldForbid(walk: WalkCase, asUserPage: boolean, kind = walk.probe.access.kind): boolean {
  const leaf = lastExpectedEntry(walk);
  if (leaf === undefined) return false;
  const { control, access } = walk.probe;
  return protectionKeyForbids({ pkru: control.pkru ?? 0, wp: control.wp }, { ...access, kind: kind === 'fetch' ? 'read' : kind }, protectionKeyOf(leaf.entry), asUserPage);
}

/** SMEP, SMAP and protection keys: the supervisor's limits on user pages, checked at the leaf. */
export const PROTECTION_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'user-page-from-the-leaf-alone',
    rule: 'smep',
    title: 'For SMEP and SMAP a user page has US at every level, not only in the leaf',
    explanation: 'SMEP and SMAP guard user pages, and a page is a user page only when US is set in every entry of its walk: a table entry without US makes the page a supervisor page, which SMEP and SMAP leave alone.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => {
      const { control, access } = walk.probe;
      const guarded = (control.smep === true && access.kind === 'fetch') || (control.smap === true && access.kind !== 'fetch');
      return guarded && !access.user && grantedButRefused(walk) && missingAboveTheLeaf(walk, RIGHT_USER);
    }),
  },
  {
    id: 'smep-refuses-user-fetches',
    rule: 'smep',
    title: 'SMEP refuses only supervisor fetches: user-mode fetches from user pages are allowed',
    explanation: 'SMEP keeps the kernel from running code that user space controls; user code fetching from its own pages is exactly what user pages are for.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => walk.probe.control.smep === true && walk.probe.access.user && walk.probe.access.kind === 'fetch' && grantedButRefused(walk)),
  },
  {
    id: 'smap-refuses-fetches',
    rule: 'smap',
    title: 'SMAP guards data accesses only: supervisor fetches are SMEP’s business',
    explanation: 'SMAP refuses supervisor reads and writes of user pages; instruction fetches are not data accesses, and only SMEP may refuse them.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => {
      const { control, access } = walk.probe;
      return control.smap === true && !access.user && access.kind === 'fetch' && isUserPage(walk) && grantedButRefused(walk);
    }),
  },
  {
    id: 'smep-ignored',
    rule: 'smep',
    title: 'With CR4.SMEP set, a supervisor fetch from a user page faults',
    explanation: 'SMEP makes user pages non-executable for the supervisor, whatever NX says: the kernel may not run code user space could have written.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => {
      const { control, access } = walk.probe;
      return control.smep === true && !access.user && access.kind === 'fetch' && isUserPage(walk) && refusedButGranted(walk);
    }),
  },
  {
    id: 'smap-ac-lifts-explicit-accesses',
    rule: 'smap',
    title: 'EFLAGS.AC lifts SMAP for an explicit supervisor access',
    explanation: 'The kernel sets EFLAGS.AC (stac) around the code that copies from and to user memory: while AC is set, its explicit reads and writes of user pages are allowed under SMAP.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => {
      const { control, access } = walk.probe;
      return control.smap === true && supervisorData(access) && access.ac === true && access.implicit !== true && isUserPage(walk) && grantedButRefused(walk);
    }),
  },
  {
    id: 'smap-implicit-accesses',
    rule: 'smap',
    title: 'An implicit supervisor access to a user page faults under SMAP, whatever EFLAGS.AC says',
    explanation: 'Accesses the processor makes by itself (descriptor tables, for instance) are never meant to touch user memory: EFLAGS.AC lifts SMAP only for explicit accesses.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => {
      const { control, access } = walk.probe;
      return control.smap === true && supervisorData(access) && access.implicit === true && isUserPage(walk) && refusedButGranted(walk);
    }),
  },
  {
    id: 'smap-ignored',
    rule: 'smap',
    title: 'With CR4.SMAP set, a supervisor read or write of a user page faults unless EFLAGS.AC allows it',
    explanation: 'SMAP keeps the kernel from reading or writing user memory by accident: an explicit supervisor data access to a user page faults unless EFLAGS.AC is set.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => {
      const { control, access } = walk.probe;
      return control.smap === true && supervisorData(access) && isUserPage(walk) && refusedButGranted(walk);
    }),
  },
  {
    id: 'keys-check-fetches',
    rule: 'protection-keys',
    title: 'Protection keys never restrict instruction fetches',
    explanation: "PKRU's AD and WD bits govern data accesses (reads and writes) to user pages; fetching instructions is never checked against the page's key.",
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => walk.probe.control.pke === true && walk.probe.access.kind === 'fetch' && grantedButRefused(walk) && keyWouldForbid(walk, true, 'read')),
  },
  {
    id: 'keys-without-pke',
    rule: 'protection-keys',
    title: 'PKRU counts only while CR4.PKE is set',
    explanation: 'Protection keys are switched on by CR4.PKE: with it clear, the leaf’s bits 62..59 are ignored and PKRU restricts nothing.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => walk.probe.control.pke !== true && (walk.probe.control.pkru ?? 0) !== 0 && grantedButRefused(walk) && keyWouldForbid(walk, true)),
  },
  {
    id: 'keys-on-supervisor-pages',
    rule: 'protection-keys',
    title: 'Protection keys guard user pages only: a supervisor page ignores PKRU',
    explanation: 'PKRU restricts data accesses to user pages (US at every level); a supervisor page has a key field too, but the key is not checked for it.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => walk.probe.control.pke === true && !isUserPage(walk) && grantedButRefused(walk) && keyWouldForbid(walk, true)),
  },
  {
    id: 'write-disable-ignores-wp',
    rule: 'protection-keys',
    title: 'WD binds a supervisor write only while CR0.WP is set',
    explanation: 'As with RW, CR0.WP decides whether write-disable binds the supervisor: with WP clear, a supervisor write to a user page ignores the key’s WD bit (AD still forbids it).',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => {
      const { control, access } = walk.probe;
      return control.pke === true && !control.wp && !access.user && access.kind === 'write' && isUserPage(walk) && grantedButRefused(walk) && keyBitSet(walk, PKRU_WD_SHIFT) && !keyBitSet(walk, PKRU_AD_SHIFT);
    }),
  },
  {
    id: 'keys-for-user-accesses-only',
    rule: 'protection-keys',
    title: 'PKRU restricts supervisor data accesses to user pages too, not only user-mode accesses',
    explanation: 'The key belongs to the page, not to the mode: a supervisor read or write of a user page is checked against PKRU like a user one (WD binds supervisor writes while CR0.WP is set).',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => walk.probe.control.pke === true && supervisorData(walk.probe.access) && isUserPage(walk) && refusedButGranted(walk) && allowedUnder(walk, ARCHITECTURAL) === false),
  },
  // Misread keys after the checks made where none is due: a wrong key often happens to allow an access, which one case cannot tell from a missing check.
  {
    id: 'pkru-ad-wd-swapped',
    rule: 'protection-keys',
    title: 'For key k, AD (access disable) is PKRU bit 2k and WD (write disable) is bit 2k + 1',
    explanation: 'PKRU holds two bits per key, the lower one AD (no data access at all) and the upper one WD (no writes). Reading them the other way round refuses reads that are allowed and allows writes that are not.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => explainedBy(walk, { pkru: swapAdWd, key: protectionKeyOf })),
  },
  {
    id: 'protection-key-bits',
    rule: 'protection-keys',
    title: 'The protection key is bits 62..59 of the leaf',
    explanation: 'The four key bits sit just below NX (bit 63), in the leaf entry only: taking them a bit higher or lower picks another key, and so other AD and WD bits of PKRU.',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => [PTE_PKEY_SHIFT + 1n, PTE_PKEY_SHIFT - 1n].some((shift) => explainedBy(walk, { pkru: (pkru) => pkru, key: (leaf) => Number((leaf >> shift) & 0xfn) }))),
  },
  {
    id: 'protection-keys-ignored',
    rule: 'protection-keys',
    title: "With CR4.PKE set, PKRU's AD and WD for the leaf's key restrict data accesses to user pages",
    explanation: 'For the key in bits 62..59 of the leaf, AD forbids every data access to the user page and WD forbids writes (user writes, and supervisor writes while CR0.WP is set).',
    concept: CONCEPTS.protections,
    recognise: onWalk((walk) => explainedBy(walk, { pkru: () => 0, key: protectionKeyOf })),
  },
];

/** PKRU's AD (shift PKRU_AD_SHIFT) or WD (PKRU_WD_SHIFT) bit of the leaf's key is set. */
function keyBitSet(walk: WalkCase, shift: number): boolean {
  const leaf = lastExpectedEntry(walk);
  return leaf !== undefined && (((walk.probe.control.pkru ?? 0) >>> (shift + 2 * protectionKeyOf(leaf.entry))) & 1) === 1;
}
