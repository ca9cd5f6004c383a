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
}


const ROWS: readonly WalkBugRow[] = [
  // translation
  { bug: 'indexShiftOffByOne', rule: 'index-and-entry-address', mistake: 'indexes each level with the next level’s nine bits', feedback: /entry address.*read the wrong entry/s },
  { bug: 'addressMaskTooWide', rule: 'next-table-address', mistake: 'takes the next table’s base as bits 63..12, keeping NX and the ignored bits', feedback: /entry address.*read the wrong entry/s },
  { bug: 'largePagePatAsAddress', rule: 'large-pages', mistake: 'keeps bit 12 (PAT) of a large leaf as an address bit', feedback: /translated address.*translation is wrong/s },
  { bug: 'offsetAlways4K', rule: 'large-pages', mistake: 'takes 12 offset bits whatever the page size', feedback: /translated address.*translation is wrong/s },
  { bug: 'failedReadAsNotPresent', rule: 'failed-read', mistake: 'takes a read that failed for a zero entry (a not-present fault)', feedback: /access-failed|fails|failing read|readEntry returns null/ },
  { bug: 'alwaysFourLevels', rule: 'five-level', mistake: 'walks four levels under 5-level paging', feedback: /PML5E.*level/s },
  // permissions
  { bug: 'ignoresUser', rule: 'user-needs-us', mistake: 'lets user accesses through supervisor pages', feedback: /supervisor-only/ },
  { bug: 'forgetsWriteProtectOff', rule: 'write-needs-rw', mistake: 'refuses supervisor writes to read-only pages even with CR0.WP clear', feedback: /CR0\.WP/ },
  { bug: 'forgetsWriteProtectOn', rule: 'write-needs-rw', mistake: 'lets supervisor writes through read-only pages whatever CR0.WP says', feedback: /CR0\.WP/ },
  { bug: 'ignoresNoExecute', rule: 'nx-forbids-fetch', mistake: 'lets fetches through NX pages', feedback: /\bNX\b/ },
  { bug: 'rightsFromLeafOnly', rule: 'rights-every-level', mistake: 'takes the rights of the leaf alone instead of the AND over every level', feedback: /outcome.*(rights|should have faulted)/s },
  { bug: 'reportsAllRights', rule: 'rights-every-level', mistake: 'reports every right with a translation, whatever the entries grant', feedback: /rights.*combined rights/s },
  // malformed
  { bug: 'skipsCanonicalCheck', rule: 'canonical-first', mistake: 'walks a non-canonical address instead of faulting first', feedback: /non-canonical fault/ },
  { bug: 'ignoresReservedBits', rule: 'reserved-bits', mistake: 'checks no reserved bit', feedback: /reserved/ },
  { bug: 'rightsBeforeReserved', rule: 'reserved-bits', mistake: 'checks the leaf’s rights before its reserved bits', feedback: /reserved fault/ },
  { bug: 'noExecuteWithoutNxe', rule: 'nx-reserved-without-nxe', mistake: 'reads bit 63 as NX with EFER.NXE clear instead of a reserved bit', feedback: /reserved fault/ },
  { bug: 'psAtPml4IsLeaf', rule: 'ps-at-top', mistake: 'maps a 512 GiB page when PS is set in a PML4E', feedback: /reserved fault at level 4/ },
  // accessed-dirty
  { bug: 'tableAccessedOnlyOnSuccess', rule: 'table-accessed', mistake: 'sets the table entries’ A only when the whole walk succeeds', feedback: /accessed\/dirty bits/ },
  { bug: 'leafAccessedOnProtectionFault', rule: 'leaf-accessed-dirty', mistake: 'sets the leaf’s A on an access its rights refuse', feedback: /accessed\/dirty bits/ },
  { bug: 'dirtyOnEveryAccess', rule: 'leaf-accessed-dirty', mistake: 'sets D on reads too', feedback: /accessed\/dirty bits/ },
  { bug: 'rewritesSetBits', rule: 'only-clear-bits', mistake: 'asks for A and D again when they are already set', feedback: /accessed\/dirty bits/ },
  // protections
  { bug: 'ignoresSmep', rule: 'smep', mistake: 'ignores CR4.SMEP', feedback: /SMEP/ },
  { bug: 'smepRefusesUserFetches', rule: 'smep', mistake: 'applies SMEP to user-mode fetches too', feedback: /SMEP/ },
  { bug: 'supervisorProtectionsFromLeafOnly', rule: 'smep', mistake: 'decides “user page” from the leaf’s US alone for SMEP and SMAP', feedback: /SMEP|SMAP/ },
  { bug: 'smapIgnoresAc', rule: 'smap', mistake: 'refuses explicit supervisor accesses to user pages even with EFLAGS.AC set', feedback: /SMAP/ },
  { bug: 'smapAcLiftsImplicit', rule: 'smap', mistake: 'lets EFLAGS.AC lift SMAP for implicit supervisor accesses', feedback: /SMAP/ },
  { bug: 'smapRefusesFetches', rule: 'smap', mistake: 'applies SMAP to supervisor fetches', feedback: /SMAP/ },
  { bug: 'pkruAdWdSwapped', rule: 'protection-keys', mistake: 'swaps AD (bit 2k) and WD (bit 2k + 1) in PKRU', feedback: /PKRU|[Pp]rotection keys/ },
  { bug: 'protectionKeyOffByOne', rule: 'protection-keys', mistake: 'takes the protection key from bits 63..60', feedback: /PKRU|[Pp]rotection keys/ },
  { bug: 'protectionKeysCheckFetches', rule: 'protection-keys', mistake: 'lets PKRU refuse instruction fetches', feedback: /PKRU|[Pp]rotection keys/ },
  { bug: 'writeDisableIgnoresWp', rule: 'protection-keys', mistake: 'lets WD refuse supervisor writes with CR0.WP clear', feedback: /PKRU|[Pp]rotection keys/ },
  { bug: 'protectionKeysUserAccessesOnly', rule: 'protection-keys', mistake: 'checks PKRU for user accesses only', feedback: /PKRU|[Pp]rotection keys/ },
  { bug: 'protectionKeysOnSupervisorPages', rule: 'protection-keys', mistake: 'checks PKRU on supervisor pages too', feedback: /PKRU|[Pp]rotection keys/ },
  { bug: 'protectionKeysWithoutPke', rule: 'protection-keys', mistake: 'checks PKRU with CR4.PKE clear', feedback: /PKRU|[Pp]rotection keys/ },
];

export const REALISTIC_BUGS: readonly RealisticBug[] = ROWS.map(({ bug, rule, mistake, feedback }) => ({
  id: bug,
  rule,
  mistake,
  feedback,
  components: { walker: sketchWalker([bug]) },
}));
