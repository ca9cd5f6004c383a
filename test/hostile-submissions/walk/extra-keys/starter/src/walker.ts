// @ts-nocheck
// Hostile corpus, kind extra-keys (judge): returns the key's correct result with extra keys (at top level and inside each step).
// ---- splice: walk-key ----

export const walker: Walker = {
  walk(request, readEntry) {
    const r = keyWalker.walk(request, readEntry); return { ...r, extra: 'x', steps: r.steps.map((s) => ({ ...s, note: 1 })) };
    return keyWalker.walk(request, readEntry);
  },
};
