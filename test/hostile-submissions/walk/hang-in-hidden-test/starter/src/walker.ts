// @ts-nocheck
// Hostile corpus, kind hang-in-hidden-test (outwait): for (;;) {} in the first hidden test (walk.translation.index-edges, 2 points).
// ---- splice: walk-key ----

// ---- attack ----
/** The first case of the first hidden test (walk.translation.index-edges, 2 points): the attack fires there only. */
const isTrigger = (va) => va === 0x7ffffffffff8n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) for (;;) {}
    return keyWalker.walk(request, readEntry);
  },
};
