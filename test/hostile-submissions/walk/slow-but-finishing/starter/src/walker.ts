// @ts-nocheck
// Hostile corpus, kind slow-but-finishing (outwait): every call sleeps 2 ms (Atomics.wait): every test finishes, slowly, eating the submission time.
// ---- splice: walk-key ----

// ---- attack ----
const cell = new Int32Array(new SharedArrayBuffer(4));

export const walker: Walker = {
  walk(request, readEntry) {
    Atomics.wait(cell, 0, 0, 2);
    return keyWalker.walk(request, readEntry);
  },
};
