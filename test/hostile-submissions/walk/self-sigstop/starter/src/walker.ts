// @ts-nocheck
// Hostile corpus, kind self-sigstop (signal): the child stops itself (SIGSTOP) in one public test (1 point).
// ---- splice: walk-key ----

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) process.kill(process.pid, 'SIGSTOP');
    return keyWalker.walk(request, readEntry);
  },
};
