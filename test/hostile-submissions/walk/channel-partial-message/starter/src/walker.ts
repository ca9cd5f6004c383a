// @ts-nocheck
// Hostile corpus, kind channel-partial-message (channel): writes half a JSON message (no newline) to the channel, then answers normally.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
try { require('fs').writeSync(process.channel.fd, '{"id":"walk.public.worked-vector-4k","observations":[{"kind":'); } catch {}

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
