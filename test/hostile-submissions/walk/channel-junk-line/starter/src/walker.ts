// @ts-nocheck
// Hostile corpus, kind channel-junk-line (channel): writes a non-JSON line to the IPC channel fd (process.channel.fd) at load.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
try { require('fs').writeSync(process.channel.fd, 'x\n'); } catch {}

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
