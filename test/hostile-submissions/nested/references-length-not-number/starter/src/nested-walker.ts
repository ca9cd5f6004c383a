// @ts-nocheck
// Hostile corpus, kind references-length-not-number: returns references, A/D lists whose length is not a number.
import { NestedWalker } from '../../reference/nested/nested-walker';

export const nestedWalker: NestedWalker = {
  walk(_request, _hostMemory, _guestWalker) {
    return { ok: true, guestPhysical: 0n, hostPhysical: 0n, pageSize: 4096n, references: { length: 'all' }, guestAdWrites: { length: NaN }, nestedAdWrites: [] };
  },
};
