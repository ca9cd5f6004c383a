import { Misconception } from '../../framework/misconception';
import { AccessProblem } from '../../../observe/tlb/tlb-access-rule';
import { CONCEPTS } from './concepts';
import { countExplainedBy, keptEntry, lostEntry, operationsSinceUse, referenceRemoval, refusal, tagsMatch, tlbCase, TlbCase } from './symptoms';
import { machineCase } from './machine-symptoms';

/** Cached rights and the clean-entry rule. */

/** The student's TLB served a lookup with an entry whose rights refuse it, for this reason. */
function servedDespite(c: TlbCase | undefined, problem: AccessProblem): boolean {
  const kept = c && keptEntry(c);
  return kept?.lookup !== undefined && tagsMatch(kept.lookup, kept.entry) && refusal(kept.entry, kept.lookup) === problem;
}

function rightIgnored(id: string, problem: AccessProblem, title: string, explanation: string): Misconception {
  return { id, rule: 'rights-gate-hits', title, explanation, concept: CONCEPTS.rights, recognise: (failed) => servedDespite(tlbCase(failed), problem) };
}

export const CLEAN_ENTRY_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'clean-entry-serves-writes',
    rule: 'clean-entry-no-writes',
    title: 'An entry filled clean serves a write: the dirty bit would never be set',
    explanation: 'An entry filled by a read of a clean page (dirty false) may serve reads and fetches, never a write: the write must miss (the lookup drops the entry) so the walk sets D in the leaf and fills the page again, dirty. Otherwise the OS believes the page unchanged.',
    concept: CONCEPTS.rights,
    recognise: (failed) => {
      if (servedDespite(tlbCase(failed), 'filled clean')) return true;
      // On the machine: a write went through and the guest's leaf was left without D.
      const m = machineCase(failed);
      return m !== undefined && /guest's entry/.test(m.field) && /\bD\b/.test(failed.difference.expected) && !/\bD\b/.test(failed.difference.got);
    },
  },
  {
    id: 'denied-entry-kept',
    rule: 'denied-entry-dropped',
    title: 'An entry that may not serve an access is kept: the lookup must drop it as it misses',
    explanation: "When the entry of the address refuses the access (rights, or clean for a write), the lookup drops it and misses, so the hardware walks again and the fresh walk faults or refills from the tables as they are now (SDM 4.10.4.3). Kept, the stale entry goes on answering later lookups and takes a way.",
    concept: CONCEPTS.rights,
    recognise: (failed) => {
      const c = tlbCase(failed);
      if (c === undefined) return false;
      const kept = keptEntry(c);
      if (kept !== undefined && referenceRemoval(c, kept.entry)?.how === 'denied') return true;
      const denied = new Set(c.reference.removals.filter((removal) => removal.how === 'denied' && removal.at < c.index).map((removal) => removal.entry));
      return c.operation !== undefined && countExplainedBy(c, c.operation.op, [(_operation, entry) => denied.has(entry)], 'extra');
    },
  },
  rightIgnored('user-right-ignored', 'no user right', 'User accesses hit supervisor entries: the user right is not checked', 'A user-mode access may use an entry only if every level of the walk that filled it allowed user access (the u right); a supervisor-only entry refuses it, and the lookup drops it and misses.'),
  rightIgnored('write-right-ignored', 'no write right', 'Writes hit read-only entries: the write right is not checked', 'A write needs the w right, except a supervisor write with CR0.WP clear; a user write or any write with WP set to a read-only entry refuses it, and the lookup drops it and misses.'),
  rightIgnored('execute-right-ignored', 'no execute right', 'Fetches hit entries without the execute right: NX is not checked', 'An instruction fetch needs the x right of the entry (the walk found no NX, or EPT allowed execution); an entry without it refuses the fetch, and the lookup drops it and misses.'),
  rightIgnored('read-right-ignored', 'no read right', 'Reads hit execute-only entries: the read right is not checked', 'A read needs the r right: under EPT a page may be execute-only, and its entry refuses reads, so the lookup drops it and misses.'),
  {
    id: 'write-protect-clear-ignored',
    rule: 'rights-gate-hits',
    title: 'Supervisor writes need the write right even with CR0.WP clear',
    explanation: 'With CR0.WP clear the supervisor may write read-only pages: a supervisor write to a read-only, dirty entry hits. Only user writes, and supervisor writes with WP set, need the w right.',
    concept: CONCEPTS.rights,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const lost = c && lostEntry(c);
      return lost?.lookup !== undefined && lost.lookup.access.kind === 'write' && !lost.lookup.access.user && !lost.lookup.wp && !lost.entry.rights.includes('w');
    },
  },
  {
    id: 'entry-refuses-what-its-rights-allow',
    rule: 'rights-gate-hits',
    title: 'A lookup missed on an entry whose rights allow the access',
    explanation: 'A user access needs u, a read r, a fetch x, a write w (unless supervisor with CR0.WP clear) and an entry filled dirty; nothing else refuses an access. An entry that passes those checks serves it: a hit.',
    concept: CONCEPTS.rights,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const lost = c && lostEntry(c);
      // Nothing but lookups since the entry was last used: only the lookup itself can have refused it.
      return lost?.lookup !== undefined && operationsSinceUse(c!, lost.entry).every(({ operation }) => operation.op === 'lookup');
    },
  },
];
