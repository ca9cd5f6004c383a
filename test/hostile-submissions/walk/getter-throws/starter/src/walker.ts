// @ts-nocheck
// Hostile corpus, kind getter-throws (judge): returns an object whose getters throw (ok, steps).
import { Walker } from '../../reference/paging/walker';

export const walker: Walker = {
  walk(request, readEntry) {
    return { get ok() { throw new Error('boom'); }, get steps() { throw new Error('boom'); } };
    throw new Error('not implemented: walker');
  },
};
