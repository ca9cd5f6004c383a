import { Access, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../paging/rights';
import { TlbEntry } from './tlb-entry';

/**
 * Whether a cached entry may serve `access` without a walk. 'needs-walk' means
 * the machine drops the entry and walks again, as x86 does before reporting a
 * fault from a TLB entry (SDM 4.10.4.3): the fresh walk either finds the
 * tables changed or delivers the fault, and on a write it sets D.
 *
 * Rights follow the x86 `permits` of paging/x86-format.ts: user accesses need
 * RIGHT_USER, writes need RIGHT_WRITE unless a supervisor write with CR0.WP=0,
 * fetches need RIGHT_EXECUTE (NX is already folded into the rights). Reads also
 * need RIGHT_READ, which every x86 walk grants, so that an execute-only EPT
 * page folded into the rights cannot be read through the TLB.
 *
 * The rights are one AND over both stages, so a supervisor write with WP=0
 * cannot tell a read-only guest page (allowed) from a read-only nested page
 * (an EPT violation). Scenario accesses are all user accesses, so this only
 * matters to a caller that makes supervisor writes under EPT.
 */
export function tlbEntryPermits(entry: Pick<TlbEntry, 'rights' | 'dirty'>, access: Access, wp: boolean): 'hit' | 'needs-walk' {
  const { rights } = entry;
  if (access.user && (rights & RIGHT_USER) === 0) return 'needs-walk';
  switch (access.kind) {
    case 'read':
      return (rights & RIGHT_READ) !== 0 ? 'hit' : 'needs-walk';
    case 'fetch':
      return (rights & RIGHT_EXECUTE) !== 0 ? 'hit' : 'needs-walk';
    case 'write':
      if (!entry.dirty) return 'needs-walk'; // filled by a read of a clean page: the write must walk to set D
      if ((rights & RIGHT_WRITE) === 0 && (access.user || wp)) return 'needs-walk';
      return 'hit';
  }
}
