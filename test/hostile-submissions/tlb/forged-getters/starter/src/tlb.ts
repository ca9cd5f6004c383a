// @ts-nocheck
// Hostile corpus, kind forged-getters (judge): answers that change between reads: an entry whose fields read well the first time and garbage after, a toJSON that claims a hit, a list whose length grows as it is read.
import { TlbComponent } from '../../reference/tlb/tlb-component';

// ---- attack ----
function shifty(good, bad) {
  let reads = 0;
  return () => (reads++ === 0 ? good : bad);
}

function forgedEntry(vpid, pcid, va) {
  const entry = { toJSON: () => ({ hit: true, physical: '0x1000', pageSize: '0x1000' }) };
  for (const [field, good, bad] of [
    ['vpid', vpid, 'HOSTILE'],
    ['pcid', pcid, -1],
    ['global', false, 'yes'],
    ['va', va, -1n],
    ['pageBase', va & ~0xfffn, 3n],
    ['pageSize', 0x1000n, 7n],
    ['physicalBase', 0x1000n, 0x1001n],
    ['rights', 15, 1e9],
    ['dirty', true, 'no'],
  ]) Object.defineProperty(entry, field, { enumerable: true, get: shifty(good, bad) });
  return entry;
}

export const tlb: TlbComponent = {
  create() {
    let length = 0;
    return {
      lookup: (vpid, pcid, va) => forgedEntry(vpid, pcid, va),
      fill() {},
      invalidatePage: () => 0,
      flushContext: () => 0,
      flushVpid: () => 0,
      vmTransition: () => 0,
      flushAll: () => 0,
      entries: () => new Proxy([], { get(target, key) { if (key === 'length') return length++; return Reflect.get(target, key); } }),
    };
  },
};
