// @ts-nocheck
// Hostile corpus, kind infinite-async-loop (signal): starts a never-ending setImmediate chain that burns CPU between tests, at load.
// ---- splice: walk-key ----

// ---- attack ----
const spin = () => { let x = 0; for (let i = 0; i < 1e5; i++) x += i; setImmediate(spin); };
setImmediate(spin);

export const walker: Walker = {
  walk(request, readEntry) {
    return keyWalker.walk(request, readEntry);
  },
};
