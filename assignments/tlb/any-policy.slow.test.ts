import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { observedOnReference } from '../framework/observed-tests';
import { sketchTlb } from './test-support/sketch-tlb';
import { TLB_ASSIGNMENT_DIR, tlbFailures } from './test-support/tlb-assignment';

/**
 * The invariant-judged test accepts any replacement policy (the spec
 * mandates LRU, and the policy-judged tests hold students to it) and still
 * catches a TLB that keeps what it must drop.
 */
const anyPolicy = observedOnReference(
  loadAssignment(TLB_ASSIGNMENT_DIR)
    .suites.flatMap((suite) => expandSuite(suite))
    .filter((test) => test.id === 'tlb.random.any-policy'),
);

test('the test exists and is judged by invariants', () => {
  expect(anyPolicy.map((test) => test.check)).toEqual(['invariant']);
});

test.each(['fifoReplacement', 'evictsMostRecent'] as const)('a TLB replacing by another policy (%s) passes it', (bug) => {
  expect(tlbFailures(anyPolicy, sketchTlb([bug])).size).toBe(0);
});

test.each(['vmTransitionNeverFlushes', 'ignoresVpid'] as const)('a TLB that keeps what it must drop (%s) fails it', (bug) => {
  expect(tlbFailures(anyPolicy, sketchTlb([bug])).get('tlb.random.any-policy')?.failed ?? 0).toBeGreaterThan(0);
});
