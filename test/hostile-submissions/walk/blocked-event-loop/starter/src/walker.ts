// @ts-nocheck
// Hostile corpus, kind blocked-event-loop (outwait): returns from one public test, then blocks the event loop forever (setTimeout busy loop) before the next test.
// ---- splice: walk-key ----

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) setTimeout(() => { for (;;) {} }, 0);
    return keyWalker.walk(request, readEntry);
  },
};
