// @ts-nocheck
// Hostile corpus, kind each-test-nearly-times-out (outwait): each test sleeps just under the 3 s test limit on its first call, so the submission limit runs out.
// ---- splice: walk-key ----

// ---- attack ----
const cell = new Int32Array(new SharedArrayBuffer(4));
let lastTest = '';
process.prependListener('message', (m) => { if (m && typeof m.id === 'string') lastTest = m.id; });
let slept = '';

export const walker: Walker = {
  walk(request, readEntry) {
    if (slept !== lastTest) { slept = lastTest; Atomics.wait(cell, 0, 0, 2500); }
    return keyWalker.walk(request, readEntry);
  },
};
