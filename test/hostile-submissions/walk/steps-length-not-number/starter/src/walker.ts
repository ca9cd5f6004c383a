// @ts-nocheck
// Hostile corpus, kind steps-length-not-number (judge): returns steps as an object whose length is a string (a Math.max over lengths gives NaN).
import { Walker } from '../../reference/paging/walker';

export const walker: Walker = {
  walk(request, readEntry) {
    return { ok: true, address: 0n, pageSize: 4096n, leafLevel: 1, rights: 15, steps: { length: 'many' }, adWrites: { length: NaN } };
    throw new Error('not implemented: walker');
  },
};
