import { Components } from '../../../reference/components';
import { referenceWalker } from '../../../reference/paging/reference-walker';
import { referenceTlb } from '../../../reference/tlb/reference-tlb';
import { absentComponent } from '../stand-ins';

/**
 * Components for the isolated runner's tests: the reference walker, except
 * on addresses that make it misbehave as student code can. Loaded by path in
 * the runner's thread, as a handout's assignment-components.ts is.
 */
export const LOOPS_FOREVER = 0x1000n;
export const FILLS_MEMORY = 0x2000n;
export const EXITS = 0x3000n;
export const LEAVES_A_FAILING_TIMER = 0x4000n;
export const PRINTS = 0x5000n;

export const COMPONENTS: Components = {
  walker: {
    walk(request, readEntry) {
      const va = BigInt(request.va);
      if (va === LOOPS_FOREVER) for (;;);
      if (va === FILLS_MEMORY) {
        const kept: number[][] = [];
        for (;;) kept.push(new Array<number>(1 << 16).fill(1));
      }
      if (va === EXITS) process.exit(3);
      if (va === PRINTS) console.log('walking', request.va);
      if (va === LEAVES_A_FAILING_TIMER) setTimeout(() => {
        throw new Error('a timer of yours threw');
      }, 0);
      return referenceWalker.walk(request, readEntry);
    },
  },
  shadowSync: absentComponent('shadowSync'),
  hiddenFaultHandler: absentComponent('hiddenFaultHandler'),
  nestedWalker: absentComponent('nestedWalker'),
  tlb: referenceTlb,
};
