// @ts-nocheck
// Hostile corpus, kind nan-and-wrong-types (judge): returns NaN, numbers where bigints belong, strings where numbers belong, and a level of Infinity.
import { Walker } from '../../reference/paging/walker';

export const walker: Walker = {
  walk(request, readEntry) {
    return { ok: true, address: NaN, pageSize: 4096, leafLevel: Infinity, rights: '15', steps: [{ level: NaN, index: -1, entryAddress: 'x', entry: null }], adWrites: [] };
    throw new Error('not implemented: walker');
  },
};
