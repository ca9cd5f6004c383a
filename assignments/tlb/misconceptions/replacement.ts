import { Misconception } from '../../framework/misconception';
import { CONCEPTS } from './concepts';
import { bestMisreading, keptEntry, lostEntry, operationsSinceUse, otherEntry, referenceRemoval, tlbCase, TlbCase } from './symptoms';
import { Misreading } from './tlb-model';
import { REPLACEMENT_MISREADINGS } from './misreadings';

/** Replacement: LRU within a set, free ways first, refills replace. */


function reproducedBy(c: TlbCase | undefined, misreading: Misreading): boolean {
  if (c === undefined) return false;
  const best = bestMisreading(c, REPLACEMENT_MISREADINGS);
  return best !== undefined && JSON.stringify(best) === JSON.stringify(misreading);
}

/** The student's TLB still held an entry the reference's had given up in the way `how`. */
function keptAfter(c: TlbCase | undefined, how: 'evicted' | 'replaced'): ReturnType<typeof referenceRemoval> {
  const kept = c && keptEntry(c);
  const removal = kept && referenceRemoval(c, kept.entry);
  return removal?.how === how ? removal : undefined;
}

/** Was `c`'s reference set of the lost entry never full since its last use: the student's TLB evicted with a way free? */
function lostWithWayFree(c: TlbCase): boolean {
  const lost = lostEntry(c);
  if (lost === undefined || !c.reference.before[c.index].some((held) => held.page === lost.entry.page && held.vpid === lost.entry.vpid && held.pcid === lost.entry.pcid)) return false;
  const since = operationsSinceUse(c, lost.entry);
  return since.some(({ operation }) => operation.op === 'fill') && since.every(({ index }) => !c.reference.removals.some((removal) => removal.at === index && removal.how === 'evicted'));
}

export const REPLACEMENT_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'hits-do-not-refresh-recency',
    rule: 'lru-eviction',
    title: 'Hits do not make an entry the most recently used: the set is first in, first out, not LRU',
    explanation: 'LRU evicts the entry used least recently, and a hit is a use: on every hit, move the entry to the most recently used end of its set (or stamp it with a counter). Without that, a full set evicts the entry filled first even when it was just used.',
    concept: CONCEPTS.sets,
    recognise: (failed) => reproducedBy(tlbCase(failed), { victim: 'fifo' }),
  },
  {
    id: 'evicts-most-recently-used',
    rule: 'lru-eviction',
    title: 'A full set evicts its most recently used entry instead of its least recently used one',
    explanation: 'The victim of a fill into a full set is the least recently used entry of that set: the one whose last fill or hit is oldest. Check which end of your recency order you take it from.',
    concept: CONCEPTS.sets,
    recognise: (failed) => reproducedBy(tlbCase(failed), { victim: 'mru' }),
  },
  {
    id: 'freed-ways-not-reused',
    rule: 'free-ways-first',
    title: 'Dropped entries do not free their ways: a set once full keeps evicting though it has room',
    explanation: 'Every operation that drops entries (invlpg, a CR3 write, INVVPID, a VM transition, a denied lookup, a refill) frees their ways, and a fill takes a free way before it evicts anything. Decide whether a set is full from the entries it holds now, not from a count of fills.',
    concept: CONCEPTS.sets,
    recognise: (failed) => reproducedBy(tlbCase(failed), { fullness: 'fills' }),
  },
  {
    id: 'evicts-while-a-way-is-free',
    rule: 'free-ways-first',
    title: 'A fill evicted an entry though its set had a free way',
    explanation: 'A fill evicts only when its set is full; a set with a free way takes the new entry there and keeps every entry it holds.',
    concept: CONCEPTS.sets,
    recognise: (failed) => {
      const c = tlbCase(failed);
      return c !== undefined && lostWithWayFree(c);
    },
  },
  {
    id: 'refill-of-global-page-keeps-duplicates',
    rule: 'fill-replaces-duplicates',
    title: 'A refill does not replace the entry of the same page in another PCID when one of the two is global',
    explanation: 'A global entry belongs to every PCID of its VPID, so a global fill duplicates the entries of its page in any PCID, and any fill duplicates a global entry of its page: the fill replaces them, or two entries answer the same lookup.',
    concept: CONCEPTS.tags,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const replaced = keptAfter(c, 'replaced');
      const operation = replaced && c!.probe.operations[replaced.at];
      const byOtherPcid = operation?.op === 'fill' && operation.pcid !== replaced!.entry.pcid;
      const other = c && otherEntry(c);
      const globalCollision = other !== undefined && other.want.page === other.got.page && other.want.vpid === other.got.vpid && other.want.pcid !== other.got.pcid && (other.want.global || other.got.global);
      return byOtherPcid || (globalCollision && referenceRemoval(c!, other.got)?.how === 'replaced');
    },
  },
  {
    id: 'refill-keeps-duplicates',
    rule: 'fill-replaces-duplicates',
    title: 'A refill of a page already cached adds a second entry instead of replacing the first',
    explanation: 'A fill of a page the set already holds for the same context (same VPID, size and page; same PCID or either global) replaces that entry: it drops it and takes its place without evicting anything. A stale duplicate left beside it may answer later lookups with the old translation and takes a way.',
    concept: CONCEPTS.sets,
    recognise: (failed) => keptAfter(tlbCase(failed), 'replaced') !== undefined,
  },
  {
    id: 'evicts-other-than-lru',
    rule: 'lru-eviction',
    title: 'A full set evicted another entry than its least recently used one',
    explanation: 'Within a set, the victim of a fill is the entry least recently filled or hit; only a hit or a fill changes recency. Keep the recency order per set and take the victim from its least recent end.',
    concept: CONCEPTS.sets,
    recognise: (failed) => {
      const c = tlbCase(failed);
      if (c === undefined) return false;
      if (keptAfter(c, 'evicted') !== undefined) return true;
      const lost = lostEntry(c);
      return lost !== undefined && operationsSinceUse(c, lost.entry).some(({ index }) => c.reference.removals.some((removal) => removal.at === index && removal.how === 'evicted'));
    },
  },
];
