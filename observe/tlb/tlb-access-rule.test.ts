import { importClosure } from '../../grader/handout/import-closure';
import { vmlabRoot } from '../../io/vmlab-root';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { AccessKind, ALL_RIGHTS } from '../../reference/paging/rights';
import { tlbEntryPermits } from '../../reference/tlb/tlb-permits';
import { accessProblem } from './tlb-access-rule';

it("agrees with the reference TLB's check on every entry, access and CR0.WP", () => {
  let compared = 0;
  for (let rights = 0; rights <= ALL_RIGHTS; rights++)
    for (const dirty of [false, true])
      for (const kind of ['read', 'write', 'fetch'] as AccessKind[])
        for (const user of [false, true])
          for (const wp of [false, true]) {
            const access = { kind, user };
            expect([rights, dirty, kind, user, wp, accessProblem(rights, dirty, access, wp) === null]).toEqual([rights, dirty, kind, user, wp, tlbEntryPermits({ rights, dirty }, access, wp) === 'hit']);
            compared++;
          }
  expect(compared).toBe(16 * 2 * 3 * 2 * 2);
});

it.each([
  ['a user read of a supervisor page', 0b0011, true, { kind: 'read', user: true }, true, 'no user right'],
  ['a write through an entry filled clean', 0b1011, false, { kind: 'write', user: true }, true, 'filled clean'],
  ['a user write to a read-only page', 0b1001, true, { kind: 'write', user: true }, false, 'no write right'],
  ['a supervisor write to a read-only page with CR0.WP = 0', 0b0001, true, { kind: 'write', user: false }, false, null],
  ['a fetch of a non-executable page', 0b1011, true, { kind: 'fetch', user: true }, true, 'no execute right'],
] as const)('names the reason: %s', (_name, rights, dirty, access, wp, problem) => {
  expect(accessProblem(rights, dirty, access, wp)).toBe(problem);
});

it("leaves the observer and the judge free of the TLB's reference solution, which a TLB handout must not ship", () => {
  const { files } = importClosure(vmlabRoot(), ['observe/observe-probe.ts', 'observe/judge.ts', 'observe/describe-probe.ts']);
  expect(files.has('observe/tlb/tlb-difference.ts')).toBe(true);
  expect(COMPONENT_REGISTRY.tlb.solution.files.filter((file) => files.has(file))).toEqual([]);
});
