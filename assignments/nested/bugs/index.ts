import { RealisticBug } from '../../framework/realistic-bug';
import { NestedWalkerBug, sketchNestedWalker } from '../test-support/sketch-nested-walker';

/**
 * One bug of the sketch walker: the rule it breaks, the mistake in a TA's
 * words, words its public failure uses (`feedback`), and words the diagnosis
 * naming it uses (`names`).
 */
function bug(id: NestedWalkerBug, rule: string, mistake: string, feedback: RegExp, names: RegExp): RealisticBug {
  return { id, rule, mistake, feedback, names, components: { nestedWalker: sketchNestedWalker([id]) } };
}

/**
 * Mistakes students make in the 2D walk, each breaking one rule of the
 * manifest: the sketch walker (written from the spec) with one bug switched
 * on. The public suite must catch each, with a first difference that names
 * it, and each must cost at least 5 points (assignments/README.md).
 */
export const REALISTIC_BUGS: readonly RealisticBug[] = [
  // The 2D walk: order, counts and translation.
  bug('guestEntryFirst', 'two-d-order', 'records the guest entry before the nested walk of its gPA', /nested walk of one gPA, column by column, and then/, /guest entry is read only after the nested walk of its gPA/),
  bug('columnsFromOne', 'grid-cells', 'numbers the columns from 1', /numbered with the wrong cell/, /[Cc]olumns count .* from 0/),
  bug('guestLevelFromRowCount', 'grid-cells', 'numbers guest levels from the leaf up (n - i), wrong when a guest large page shortens the walk', /level of the entry in its own tables/, /level counts down from the guest's top level, not up from the leaf/),
  bug('cachesRepeatedNestedEntries', 'every-row-walked-in-full', 'skips the nested entries the row above already read, like a paging-structure cache', /nested walk of one gPA, column by column/, /no cache in the 2D walk/),
  bug('skipsFinalTranslation', 'final-translation', 'takes the data gPA for the hPA: no final nested walk', /data gPA goes through the nested tables too/, /data gPA needs one more nested walk/),
  bug('nestedIndexOffByOne', 'nested-radix-walk', "indexes each nested level with the next level's bits", /its index from the gPA this row translates/, /indexes each level with the gPA's 9 bits of that level/),
  bug('nestedLargePageOffsetAs4K', 'nested-radix-walk', 'keeps only 12 offset bits below a large nested page', /the gPA's offset within/, /[Bb]elow a large nested page, the offset is every gPA bit below its page size/),
  bug('pageSizeFromGuestOnly', 'page-size-min', 'reports the guest page size, not the smaller of the two', /smaller of the guest page and the nested page/, /page size is the smaller of the guest page and the nested page/),
  bug('rightsFromGuestOnly', 'rights-guest-and-nested', 'reports the guest rights without the final nested walk', /guest rights AND the nested rights/, /rights are the guest rights AND those of the final nested walk/),
  // EPT violations and misconfigurations.
  bug('misconfigBeforePresence', 'ept-not-present', 'checks an EPT entry for misconfiguration before presence', /well formed: a missing entry, or rights that refuse the access, is an EPT violation/, /presence is checked before well-formedness/),
  bug('eptRightsFromLeafOnly', 'ept-rights-at-leaf', 'takes the EPT rights of the leaf alone', /rights ANDed over the EPT levels refuse the access/, /AND of R, W and X over every level, not the leaf's alone/),
  bug('eptRightsAtEveryLevel', 'ept-rights-at-leaf', 'checks the EPT rights at every level and stops at the first refusal', /the leaf when the rights refuse the access/, /checked once, at the leaf/),
  bug('qualificationWithoutLinearValid', 'ept-qualification', 'never sets qualification bit 7', /bit 7 \(guest linear address valid\) should be set/, /[Qq]ualification bit 7/),
  bug('qualificationFinalBitAlways', 'ept-qualification', 'sets qualification bit 8 for guest page-table accesses too', /bit 8 \(set: the final translation; clear: a guest page-table access\) should be clear/, /[Qq]ualification bit 8/),
  bug('qualificationWithoutRights', 'ept-qualification', 'leaves the rights (bits 3-5) out of the qualification', /bit [345] \(the gPA was (readable|writable|executable)\) should be set/, /[Qq]ualification bits 3-5/),
  bug('tableWriteWithoutReadBit', 'ept-qualification', 'sets only bit 1 for a guest page-table write', /bit 0 \(the access was a read\) should be set/, /sets qualification bits 0 and 1 both/),
  bug('tableAccessReadUnderEptAd', 'ept-guest-table-access', 'reads guest tables as reads under EPT A/D', /guest page-table accesses count as writes/, /[Uu]nder EPT A\/D the read of a guest page-table entry is a write/),
  bug('guestAdUpdateNotAWrite', 'ept-guest-table-access', "lets the walk set a guest entry's A/D on a page the EPT maps read-only (A/D off)", /maps this guest page table without W, and the walk writes it/, /setting a guest entry's A or D is still a data write/),
  bug('executeOnlyDefaultsFalse', 'ept-misconfigurations', 'takes a missing executeOnly as false', /well formed: a missing entry, or rights that refuse the access, is an EPT violation/, /[Ee]xecute-only .* allowed unless executeOnly is false/),
  bug('eptNonLeafReservedSixToThree', 'ept-misconfigurations', 'checks bits 6:3 of a table pointer and never PS at the top level', /malformed: an EPT misconfiguration/, /[Bb]its 7:3 of an EPT entry that points to a table|PS \(bit 7\) is reserved in an EPT PML4E/),
  bug('eptLargePageLowBitsUnchecked', 'ept-misconfigurations', 'does not check the address bits below a large EPT page', /malformed: an EPT misconfiguration/, /large EPT leaf's address bits below its page size/),
  bug('maxPhysicalAddressUnchecked', 'ept-misconfigurations', 'does not check the address bits above MAXPHYADDR', /an EPT misconfiguration/, /MAXPHYADDR/),
  bug('memoryTypeCheckedAt4KOnly', 'ept-misconfigurations', 'checks the memory type of 4 KiB leaves only', /malformed: an EPT misconfiguration/, /[Ee]very EPT leaf, 2 MiB and 1 GiB leaves too, must hold a valid memory type/),
  // Accessed and dirty bits.
  bug('nestedAdOncePerEntry', 'nested-ad-once-per-walk', 'reports each nested entry once, dropping a later D after an earlier A', /entry written[\s\S]*D after A, is a second write/, /D after A is a second write/),
  bug('nestedAdPerRow', 'nested-ad-once-per-walk', 'reports the nested A/D writes of every row, repeating the shared entries', /each entry is reported once/, /set once per walk, not once per row/),
  bug('nestedLeafAccessedWhenRefused', 'nested-ad-bits', 'sets A in a nested leaf whose rights refuse the access', /asks for an A\/D write the hardware does not make/, /rights refuse the access gets no A/),
  bug('nestedDirtyOnRead', 'nested-ad-bits', 'asks for D in the nested data leaf on reads and fetches too', /sets the wrong bits\. With EPT A\/D enabled/, /gets D on a write only/),
  bug('nestedAdDroppedOnFault', 'nested-ad-bits', 'drops the nested A/D writes of a nested walk that faults', /missing this A\/D write\. With EPT A\/D enabled/, /faults still sets A in the entries above/),
  bug('eptAdWithoutEnable', 'nested-ad-bits', 'sets EPT A/D bits without EPTP bit 6', /asks for an A\/D write the hardware does not make\. With EPT A\/D enabled/, /[Ww]ithout EPTP bit 6/),
  bug('guestAdAtGpa', 'guest-ad-reported', 'reports guest A/D writes at the gPA instead of the hPA', /with the hPA where that guest entry was read/, /hPA where the guest entry was read, not to its gPA/),
  bug('guestAdDroppedOnExit', 'guest-ad-reported', 'drops the guest A/D writes when the walk ends in a VM exit', /missing this A\/D write\. The guest walk's A\/D writes/, /A\/D writes are reported also when the walk ends in a VM exit/),
  // Guest faults.
  bug('guestErrorCodeWithoutUser', 'guest-fault-no-exit', 'leaves U out of the guest #PF error code', /#PF error code[\s\S]*bit 2 \(U: the access was in user mode\) should be set/, /U bit \(2\) is set for a user-mode access/),
  bug('guestFaultAsExit', 'guest-fault-no-exit', "turns a fault of the guest's own tables into a VM exit", /delivers the #PF \(or #GP\) to the guest, with no VM exit/, /goes to the guest \(#PF or #GP\), with no VM exit/),
  bug('nonCanonicalWithErrorCode', 'guest-fault-no-exit', 'gives the #GP of a non-canonical address an error code', /a #GP for a non-canonical address has none/, /non-canonical address is a #GP, with no error code/),
  // AMD NPT.
  bug('nptAccessAsGuestPrivilege', 'npt-user-accesses', "walks NPT with the guest access's privilege instead of as a user", /EXITINFO1[\s\S]*bit 2 \(U: the access was in user mode\) should be set/, /[Ee]very NPT access is a user access/),
  bug('nptTableAccessAsRead', 'npt-user-accesses', 'reads guest tables through NPT as reads, not user writes', /guest page-table accesses count as writes/, /read of a guest page-table entry is a user write/),
  bug('nptAdOnlyWhenEnabled', 'npt-ad-always', 'keeps NPT A/D only when accessedDirty is set', /missing this A\/D write\. With EPT A\/D enabled \(always under NPT\)/, /NPT entries always keep A\/D/),
  bug('nptTopBit8Allowed', 'npt-reserved-bits', "allows bit 8 in a nested PML4E (Intel's rule, not AMD's)", /NPT\) entry on the way has a reserved bit set/, /bits 7 and 8 of a nested PML4E/),
  bug('nptStageBitsSwapped', 'npt-exit-info', 'swaps EXITINFO1 bits 32 and 33', /bit 32 \(the final translation\) should be set/, /bit 32 marks a fault of the final translation, bit 33/),
  bug('nptExitInfoWithoutReserved', 'npt-exit-info', 'leaves RSVD out of EXITINFO1', /bit 3 \(RSVD: a reserved bit was set\) should be set/, /RSVD \(bit 3\)/),
];
