// @ts-nocheck
// Hostile corpus, kind channel-duplicate-reply (channel): on every call, sends a well-formed reply for the current test through process._send, so the test is answered twice.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
let current = '';
process.prependListener('message', (m) => { if (m && typeof m.id === 'string') current = m.id; });

export const walker: Walker = {
  walk(request, readEntry) {
    try { process._send({ id: current, observations: [{ kind: 'walk', ok: true }] }, undefined, true); process._send({ id: current, observations: [{ kind: 'walk', ok: true }] }, undefined, true); } catch {}
    throw new Error('not implemented: walker');
  },
};
