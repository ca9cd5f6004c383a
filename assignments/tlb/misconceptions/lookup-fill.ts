import { parseHex } from '../../../observe/memory-image';
import { Misconception } from '../../framework/misconception';
import { CONCEPTS } from './concepts';
import { bestMisreading, keptEntry, lostEntry, operationsSinceUse, pageHolds, tagsMatch, tlbCase, TlbCase } from './symptoms';
import { Misreading } from './tlb-model';
import { PAGE_NUMBER_MISREADINGS } from './misreadings';

/** Lookup and fill: which set an entry lives in, which addresses it serves, page numbers of 64 bits. */


function reproducedBy(c: TlbCase | undefined, misreading: Misreading, candidates: readonly Misreading[]): boolean {
  if (c === undefined) return false;
  return bestMisreading(c, candidates) === candidates.find((candidate) => JSON.stringify(candidate) === JSON.stringify(misreading));
}

const LOW_32 = 0xffff_ffffn;

/** The student's TLB served `va` with an entry of another page whose address agrees with it in the low 32 bits. */
function aliasesIn32Bits(c: TlbCase): boolean {
  const kept = keptEntry(c);
  if (kept?.lookup === undefined || !tagsMatch(kept.lookup, kept.entry)) return false;
  const va = parseHex(kept.lookup.va);
  const size = parseHex(kept.entry.pageSize);
  return !pageHolds(kept.entry, va) && ((va & LOW_32) & ~(size - 1n)) === (parseHex(kept.entry.page) & LOW_32);
}

export const LOOKUP_FILL_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'page-numbers-truncated-to-32-bits',
    rule: 'page-numbers-64-bit',
    title: 'Page numbers computed in 32 bits: pages 4 GiB apart alias',
    explanation:
      "Addresses have up to 64 bits, but JavaScript's >>, >>> and & on numbers keep only 32 (and a number holds exact integers only up to 2^53): a page number computed that way drops the high bits, so two pages 4 GiB apart get the same number and the same set. Shift and mask the bigint itself.",
    concept: CONCEPTS.caching,
    recognise: (failed) => {
      const c = tlbCase(failed);
      return c !== undefined && (aliasesIn32Bits(c) || reproducedBy(c, { pageBits: 32 }, PAGE_NUMBER_MISREADINGS));
    },
  },
  {
    id: 'large-entry-serves-one-4kib-page',
    rule: 'whole-page-hits',
    title: 'A 2 MiB or 1 GiB entry serves only the 4 KiB page it was filled from: the lookup compares 4 KiB page numbers',
    explanation:
      "An entry translates its whole page, of its own size: a lookup of any address inside a 2 MiB page must hit its 2 MiB entry. Compare the address's page number in units of the entry's size (address / pageSize) with the entry's, not the 4 KiB page numbers.",
    concept: CONCEPTS.caching,
    recognise: (failed) => reproducedBy(tlbCase(failed), { pageCompare: '4kib-number' }, PAGE_NUMBER_MISREADINGS),
  },
  {
    id: 'set-from-4kib-page-number',
    rule: 'set-from-page-number',
    title: 'Large pages indexed by their 4 KiB page number: the set index must come from the page number in units of the entry\'s own size',
    explanation:
      "A 2 MiB entry lives in the set its 2 MiB page number selects (address / 2 MiB modulo the number of sets), a 1 GiB entry in the set of its 1 GiB number. Indexed by the 4 KiB number, the fill puts a large page in one set and a lookup of another address of the page searches another, so it misses.",
    concept: CONCEPTS.sets,
    recognise: (failed) => reproducedBy(tlbCase(failed), { setIndex: '4kib-number' }, PAGE_NUMBER_MISREADINGS),
  },
  {
    id: 'set-index-modulo-ways',
    rule: 'set-from-page-number',
    title: 'Set index taken modulo the number of ways instead of the number of sets',
    explanation:
      'A TLB of E entries and W ways has E / W sets, and a page lives in set (page number mod E / W). Taken modulo the ways, pages crowd into too few sets and evict each other while other sets stay empty.',
    concept: CONCEPTS.sets,
    recognise: (failed) => reproducedBy(tlbCase(failed), { setIndex: 'modulo-ways' }, PAGE_NUMBER_MISREADINGS),
  },
  {
    id: 'entry-serves-outside-its-page',
    rule: 'whole-page-hits',
    title: 'A lookup hit an entry whose page does not hold the address',
    explanation:
      "An entry serves exactly the addresses of its page: its pageBase up to pageBase + pageSize. Compare the address's page number, in units of the entry's size, with the entry's, using every bit of the address.",
    concept: CONCEPTS.caching,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const kept = c && keptEntry(c);
      return kept?.lookup !== undefined && tagsMatch(kept.lookup, kept.entry) && !pageHolds(kept.entry, parseHex(kept.lookup.va));
    },
  },
  {
    id: 'miss-changes-the-tlb',
    rule: 'miss-changes-nothing',
    title: 'A lookup that misses changed the TLB',
    explanation: 'A miss finds no entry of its context for the address: it returns undefined and leaves every entry, and the recency of every set, as it was. Only a hit refreshes an entry, and only an entry that may not serve the access is dropped.',
    concept: CONCEPTS.caching,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const lost = c && lostEntry(c);
      if (c === undefined || lost === undefined) return false;
      const since = operationsSinceUse(c, lost.entry);
      // Nothing but lookups the reference missed (or that hit other entries) since the entry was last used: one of them lost it.
      return since.length > 0 && since.every(({ operation, index }) => operation.op === 'lookup' && c.reference.outcomes[index].kind === 'miss' && !(tagsMatch(operation, lost.entry) && pageHolds(lost.entry, parseHex(operation.va))));
    },
  },
];
