// @ts-nocheck
// Hostile corpus, kind channel-disconnect (channel): closes the channel (process.disconnect, then closing fds 3-9) on one test.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { try { process.disconnect(); } catch {} for (let fd = 3; fd <= 9; fd++) { try { require('fs').closeSync(fd); } catch {} } }
    throw new Error('not implemented: walker');
  },
};
