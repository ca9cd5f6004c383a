// @ts-nocheck
// Hostile corpus, kind proxy-result (judge): returns a Proxy that answers every property with a different value on every read.
import { Walker } from '../../reference/paging/walker';

export const walker: Walker = {
  walk(request, readEntry) {
    let n = 0; return new Proxy({}, { get: (_t, key) => (key === 'then' ? undefined : (n++ % 2 === 0 ? true : [])), has: () => true, ownKeys: () => ['ok', 'steps'], getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) });
    throw new Error('not implemented: walker');
  },
};
