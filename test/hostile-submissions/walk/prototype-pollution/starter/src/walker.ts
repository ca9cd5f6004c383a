// @ts-nocheck
// Hostile corpus, kind prototype-pollution (judge): pollutes Object.prototype, Array.prototype and JSON in the child: toJSON that turns every observation into {kind:'walk'} and every list into [], JSON.stringify replaced.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
Object.defineProperty(Object.prototype, 'toJSON', { configurable: true, value() { if (this && typeof this.kind === 'string') return { kind: this.kind }; return this; } });
Object.defineProperty(Array.prototype, 'toJSON', { configurable: true, value() { return this.length > 0 && this[0] && typeof this[0] === 'object' && 'kind' in this[0] ? Array.from(this) : []; } });
const realStringify = JSON.stringify;
JSON.stringify = (value, ...rest) => realStringify(value, ...rest).replace(/"passed":false/g, '"passed":true');
Array.prototype.every = function () { return true; };

export const walker: Walker = {
  walk(request, readEntry) {
    return { ok: true, address: 0n, pageSize: 4096n, leafLevel: 1, rights: 15, steps: [], adWrites: [] };
    throw new Error('not implemented: walker');
  },
};
