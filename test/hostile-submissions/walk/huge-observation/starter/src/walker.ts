// @ts-nocheck
// Hostile corpus, kind huge-observation (resource): returns, in one public test, a result whose steps list holds 3 million entries (hundreds of MB as JSON).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const step = { level: 1, index: 0, entryAddress: 0n, entry: 0n }; return { ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps: new Array(3e6).fill(step), adWrites: [] }; }
    throw new Error('not implemented: walker');
  },
};
