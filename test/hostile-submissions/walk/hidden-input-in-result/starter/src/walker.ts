// @ts-nocheck
// Hostile corpus, kind hidden-input-in-result (hidden): returns, in the first hidden test, a result whose fault reason carries the hidden request.
// ---- splice: walk-key ----

// ---- attack ----
/** The first case of the first hidden test (walk.translation.index-edges, 2 points): the attack fires there only. */
const isTrigger = (va) => va === 0x7ffffffffff8n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) return { ok: false, fault: { kind: 'reserved', level: 4, reason: 'HOSTILE-HIDDEN va=0x' + request.va.toString(16) + ' root=0x' + request.root.toString(16) }, rights: 0, steps: [], adWrites: [] };
    return keyWalker.walk(request, readEntry);
  },
};
