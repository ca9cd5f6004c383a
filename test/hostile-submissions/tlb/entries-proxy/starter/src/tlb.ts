// @ts-nocheck
// Hostile corpus, kind entries-proxy (judge): every answer is a trap: entries that are proxies whose every property read throws, a list claiming 2^32-1 elements, counts that are objects, NaN, Infinity, 2^53.
import { TlbComponent } from '../../reference/tlb/tlb-component';

// ---- attack ----
const throwing = () => new Proxy({}, { get(_target, key) { if (key === 'then') return undefined; throw new Error('HOSTILE-GETTER'); }, ownKeys() { throw new Error('HOSTILE-KEYS'); }, getPrototypeOf() { throw new Error('HOSTILE-PROTO'); } });

export const tlb: TlbComponent = {
  create() {
    return {
      lookup: () => throwing(),
      fill() {},
      invalidatePage: () => ({ valueOf: () => 1, toString: () => '1' }),
      flushContext: () => 2 ** 53,
      flushVpid: () => Number.NaN,
      vmTransition: () => Number.POSITIVE_INFINITY,
      flushAll: () => -1,
      entries: () => new Proxy([], { get(target, key) { if (key === 'length') return 2 ** 32 - 1; if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error('HOSTILE-ELEMENT'); return Reflect.get(target, key); } }),
    };
  },
};
