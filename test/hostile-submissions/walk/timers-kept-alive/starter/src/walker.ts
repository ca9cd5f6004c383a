// @ts-nocheck
// Hostile corpus, kind timers-kept-alive (outwait): keeps intervals and a pending promise alive forever, at load.
// ---- splice: walk-key ----

// ---- attack ----
setInterval(() => {}, 50);
setTimeout(() => {}, 1e9);
new Promise(() => setInterval(() => {}, 1000));

export const walker: Walker = {
  walk(request, readEntry) {
    return keyWalker.walk(request, readEntry);
  },
};
