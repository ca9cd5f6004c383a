import { RealisticBug } from '../../framework/realistic-bug';
import { WalkerBug, sketchWalker } from '../test-support/sketch-walker';

/**
 * The walk assignment's realistic bugs: each one mistake students make,
 * planted in the sketch walker (a walker written from the spec alone), with
 * the manifest rule it breaks and the words of the first difference a public
 * test shows for it.
 */
interface WalkBugRow {
  readonly bug: WalkerBug;
  readonly rule: string;
  readonly mistake: string;
  readonly feedback: RegExp;
  /** The words a diagnosis naming this mistake uses (assignments/walk/misconceptions). */
  readonly names: RegExp;
}


const ROWS: readonly WalkBugRow[] = [
  // translation
  { bug: 'indexShiftOffByOne', rule: 'index-and-entry-address', mistake: 'indexes each level with the next level’s nine bits', feedback: /entry address.*read the wrong entry/s, names: /\bindex\b.*\b9 bits of the address/ },
  { bug: 'addressMaskTooWide', rule: 'next-table-address', mistake: 'takes the next table’s base as bits 63..12, keeping NX and the ignored bits', feedback: /entry address.*read the wrong entry/s, names: /next table's base is bits 51\.\.12/ },
  { bug: 'largePagePatAsAddress', rule: 'large-pages', mistake: 'keeps bit 12 (PAT) of a large leaf as an address bit', feedback: /translated address.*translation is wrong/s, names: /\bPAT\b, not an address bit/ },
  { bug: 'offsetAlways4K', rule: 'large-pages', mistake: 'takes 12 offset bits whatever the page size', feedback: /translated address.*translation is wrong/s, names: /offset is every address bit below its size/ },
  { bug: 'failedReadAsNotPresent', rule: 'failed-read', mistake: 'takes a read that failed for a zero entry (a not-present fault)', feedback: /access-failed|fails|failing read|readEntry returns null/, names: /readEntry returns null.*access-failed/ },
  { bug: 'pdIndexShiftedBy22', rule: 'index-and-entry-address', mistake: 'indexes the PD with bits 30..22 (a shift of 22 instead of 21)', feedback: /entry address.*read the wrong entry/s, names: /\bindex\b.*\b9 bits of the address/ },
  { bug: 'alwaysFourLevels', rule: 'five-level', mistake: 'walks four levels under 5-level paging', feedback: /PML5E.*level/s, names: /starts at the PML5/ },
  // permissions
  { bug: 'ignoresUser', rule: 'user-needs-us', mistake: 'lets user accesses through supervisor pages', feedback: /supervisor-only/, names: /user access to a supervisor page/ },
  { bug: 'forgetsWriteProtectOff', rule: 'write-needs-rw', mistake: 'refuses supervisor writes to read-only pages even with CR0.WP clear', feedback: /CR0\.WP/, names: /CR0\.WP clear, a supervisor write ignores RW/ },
  { bug: 'forgetsWriteProtectOn', rule: 'write-needs-rw', mistake: 'lets supervisor writes through read-only pages whatever CR0.WP says', feedback: /CR0\.WP/, names: /CR0\.WP set, RW binds supervisor writes/ },
  { bug: 'ignoresNoExecute', rule: 'nx-forbids-fetch', mistake: 'lets fetches through NX pages', feedback: /\bNX\b/, names: /NX forbids fetches|NX at any level forbids fetches/ },
  { bug: 'rightsFromLeafOnly', rule: 'rights-every-level', mistake: 'takes the rights of the leaf alone instead of the AND over every level', feedback: /outcome.*(rights|should have faulted)/s, names: /not only the leaf|not the leaf's alone|not only in the leaf/ },
  { bug: 'checksRightsAtEachLevel', rule: 'rights-every-level', mistake: 'checks the rights at every level and faults at the first entry that lacks one, not once at the leaf', feedback: /protection fault at level 1.*protection fault at level [2-5]/s, names: /checked once, at the leaf/ },
  { bug: 'reportsAllRights', rule: 'rights-every-level', mistake: 'reports every right with a translation, whatever the entries grant', feedback: /rights.*combined rights/s, names: /reports exactly the combined rights/ },
  // malformed
  { bug: 'skipsCanonicalCheck', rule: 'canonical-first', mistake: 'walks a non-canonical address instead of faulting first', feedback: /non-canonical fault/, names: /non-canonical address faults before any entry is read/ },
  { bug: 'ignoresReservedBits', rule: 'reserved-bits', mistake: 'checks no reserved bit', feedback: /reserved/, names: /reserved bits? / },
  { bug: 'rightsBeforeReserved', rule: 'reserved-bits', mistake: 'checks the leaf’s rights before its reserved bits', feedback: /reserved fault/, names: /[Rr]eserved bits are checked before the rights/ },
  { bug: 'noExecuteWithoutNxe', rule: 'nx-reserved-without-nxe', mistake: 'reads bit 63 as NX with EFER.NXE clear instead of a reserved bit', feedback: /reserved fault/, names: /bit 63 is a reserved bit, not NX/ },
  { bug: 'psAtPml4IsLeaf', rule: 'ps-at-top', mistake: 'maps a 512 GiB page when PS is set in a PML4E', feedback: /reserved fault at level 4/, names: /no 512 GiB pages/ },
  // accessed-dirty
  { bug: 'tableAccessedOnlyOnSuccess', rule: 'table-accessed', mistake: 'sets the table entries’ A only when the whole walk succeeds', feedback: /accessed\/dirty bits/, names: /even when a lower level faults/ },
  { bug: 'leafAccessedOnProtectionFault', rule: 'leaf-accessed-dirty', mistake: 'sets the leaf’s A on an access its rights refuse', feedback: /accessed\/dirty bits/, names: /only when the access is allowed/ },
  { bug: 'dirtyOnEveryAccess', rule: 'leaf-accessed-dirty', mistake: 'sets D on reads too', feedback: /accessed\/dirty bits/, names: /\bD is set only by a write: a read/ },
  { bug: 'rewritesSetBits', rule: 'only-clear-bits', mistake: 'asks for A and D again when they are already set', feedback: /accessed\/dirty bits/, names: /[Oo]nly clear A and D bits are asked for/ },
  // protections
  { bug: 'ignoresSmep', rule: 'smep', mistake: 'ignores CR4.SMEP', feedback: /SMEP/, names: /CR4\.SMEP set, a supervisor fetch from a user page faults/ },
  { bug: 'smepRefusesUserFetches', rule: 'smep', mistake: 'applies SMEP to user-mode fetches too', feedback: /SMEP/, names: /SMEP refuses only supervisor fetches/ },
  { bug: 'supervisorProtectionsFromLeafOnly', rule: 'smep', mistake: 'decides “user page” from the leaf’s US alone for SMEP and SMAP', feedback: /SMEP|SMAP/, names: /SMEP and SMAP a user page has US at every level/ },
  { bug: 'smapIgnoresAc', rule: 'smap', mistake: 'refuses explicit supervisor accesses to user pages even with EFLAGS.AC set', feedback: /SMAP/, names: /EFLAGS\.AC lifts SMAP/ },
  { bug: 'smapAcLiftsImplicit', rule: 'smap', mistake: 'lets EFLAGS.AC lift SMAP for implicit supervisor accesses', feedback: /SMAP/, names: /implicit supervisor access to a user page faults under SMAP/ },
  { bug: 'smapRefusesFetches', rule: 'smap', mistake: 'applies SMAP to supervisor fetches', feedback: /SMAP/, names: /SMAP guards data accesses only/ },
  { bug: 'pkruAdWdSwapped', rule: 'protection-keys', mistake: 'swaps AD (bit 2k) and WD (bit 2k + 1) in PKRU', feedback: /PKRU|[Pp]rotection keys/, names: /AD \(access disable\) is PKRU bit 2k/ },
  { bug: 'protectionKeyOffByOne', rule: 'protection-keys', mistake: 'takes the protection key from bits 63..60', feedback: /PKRU|[Pp]rotection keys/, names: /key is bits 62\.\.59/ },
  { bug: 'protectionKeysCheckFetches', rule: 'protection-keys', mistake: 'lets PKRU refuse instruction fetches', feedback: /PKRU|[Pp]rotection keys/, names: /never restrict instruction fetches/ },
  { bug: 'writeDisableIgnoresWp', rule: 'protection-keys', mistake: 'lets WD refuse supervisor writes with CR0.WP clear', feedback: /PKRU|[Pp]rotection keys/, names: /WD binds a supervisor write only while CR0\.WP/ },
  { bug: 'protectionKeysUserAccessesOnly', rule: 'protection-keys', mistake: 'checks PKRU for user accesses only', feedback: /PKRU|[Pp]rotection keys/, names: /restricts supervisor data accesses to user pages/ },
  { bug: 'protectionKeysOnSupervisorPages', rule: 'protection-keys', mistake: 'checks PKRU on supervisor pages too', feedback: /PKRU|[Pp]rotection keys/, names: /guard user pages only/ },
  { bug: 'protectionKeysWithoutPke', rule: 'protection-keys', mistake: 'checks PKRU with CR4.PKE clear', feedback: /PKRU|[Pp]rotection keys/, names: /only while CR4\.PKE is set/ },
];

export const REALISTIC_BUGS: readonly RealisticBug[] = ROWS.map(({ bug, rule, mistake, feedback, names }) => ({
  id: bug,
  rule,
  mistake,
  feedback,
  names,
  components: { walker: sketchWalker([bug]) },
}));
