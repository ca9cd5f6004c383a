// @ts-nocheck
// Hostile corpus, kind all-fds-junk (channel): writes junk (binary, a NUL, a half line) to every open fd 0-9, wherever the channel is.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
for (let fd = 0; fd <= 9; fd++) { try { require('fs').writeSync(fd, Buffer.from([0, 0xff, 0x7b, 0x0a, 0x5d, 0x0a, 0x22])); } catch {} }

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
