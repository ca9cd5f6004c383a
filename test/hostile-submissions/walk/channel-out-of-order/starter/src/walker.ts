// @ts-nocheck
// Hostile corpus, kind channel-out-of-order (channel): answers, through the channel fd, tests far ahead of the one running (ids read from the requests), raw JSON lines.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
const seen = [];
process.on('message', (m) => { if (m && typeof m.id === 'string') seen.push(m.id); });

export const walker: Walker = {
  walk(request, readEntry) {
    try { for (const id of seen.slice().reverse()) require('fs').writeSync(process.channel.fd, JSON.stringify({ id, observations: [] }) + '\n'); } catch {}
    throw new Error('not implemented: walker');
  },
};
