// @ts-nocheck
// Hostile corpus, kind throw-hidden-input (hidden): throws, in the first hidden test, an error whose message is the hidden request.
// ---- splice: walk-key ----

// ---- attack ----
/** The first case of the first hidden test (walk.translation.index-edges, 2 points): the attack fires there only. */
const isTrigger = (va) => va === 0x7ffffffffff8n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) throw new Error('HOSTILE-HIDDEN ' + JSON.stringify({ va: '0x' + request.va.toString(16), root: '0x' + request.root.toString(16) }));
    return keyWalker.walk(request, readEntry);
  },
};
