// @ts-nocheck
// Hostile corpus, kind huge-steps-array (judge): returns 200 000 steps on every call (valid-looking entries).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
const step = { level: 1, index: 0, entryAddress: 0n, entry: 0n };
const many = new Array(200000).fill(step);

export const walker: Walker = {
  walk(request, readEntry) {
    return { ok: false, fault: { kind: 'not-present', level: 1 }, rights: 0, steps: many, adWrites: [] };
    throw new Error('not implemented: walker');
  },
};
