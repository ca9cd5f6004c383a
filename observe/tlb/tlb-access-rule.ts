import { Access, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';

/**
 * What keeps a cached entry from serving an access, as the spec states it:
 * a user access needs the user right; a write needs an entry filled dirty
 * (else it walks again to set D) and the write right, unless it is a
 * supervisor write with CR0.WP = 0; a fetch needs the execute right, a read
 * the read right. Null: the entry may serve it.
 *
 * The reference TLB's own check (reference/tlb/tlb-permits.ts) belongs to
 * the TLB's reference solution, which a handout of the TLB assignment must
 * not ship, and this judge ships in every handout's harness: so the rule is
 * stated here again, with the reason the feedback names, and
 * tlb-access-rule.test.ts holds the two to the same answers.
 */
export type AccessProblem = 'no user right' | 'filled clean' | 'no write right' | 'no execute right' | 'no read right';

export function accessProblem(rights: number, dirty: boolean, access: Access, wp: boolean): AccessProblem | null {
  if (access.user && (rights & RIGHT_USER) === 0) return 'no user right';
  switch (access.kind) {
    case 'read':
      return (rights & RIGHT_READ) !== 0 ? null : 'no read right';
    case 'fetch':
      return (rights & RIGHT_EXECUTE) !== 0 ? null : 'no execute right';
    case 'write':
      if (!dirty) return 'filled clean';
      return (rights & RIGHT_WRITE) === 0 && (access.user || wp) ? 'no write right' : null;
  }
}
