// @ts-nocheck
// Hostile corpus, kind steps-length-lie-on-wrong-walker (judge): a wrong walker (every translation one page off) whose steps and A/D lists have a length that is not a number, so a comparison driven by Math.max over the lengths is skipped.
// ---- splice: walk-key ----

export const walker: Walker = {
  walk(request, readEntry) {
    const r = keyWalker.walk(request, readEntry); const lie = (list) => Object.assign(Object.create(null), list, { length: 'x' }); return { ...r, ...(r.ok ? { address: r.address + 4096n } : {}), steps: lie(r.steps), adWrites: lie(r.adWrites) };
    return keyWalker.walk(request, readEntry);
  },
};
