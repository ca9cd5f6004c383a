// @ts-nocheck
// Hostile corpus, kind exit-code-encoding (hidden): in the first hidden test, exits with code 200 + (the hidden address mod 50): one byte of hidden input in the exit status.
// ---- splice: walk-key ----

// ---- attack ----
/** The first case of the first hidden test (walk.translation.index-edges, 2 points): the attack fires there only. */
const isTrigger = (va) => va === 0x7ffffffffff8n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) process.exit(200 + Number(request.va % 50n));
    return keyWalker.walk(request, readEntry);
  },
};
