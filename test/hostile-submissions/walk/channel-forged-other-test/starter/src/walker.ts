// @ts-nocheck
// Hostile corpus, kind channel-forged-other-test (channel): listens to the requests, and answers tests sent ahead (not yet run) with forged passing-looking observations.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
process.on('message', (m) => {
  if (!m || typeof m.id !== 'string' || !Array.isArray(m.probes)) return;
  const observations = m.probes.map(() => ({ kind: 'walk', result: { ok: true, address: '0x0', pageSize: '0x1000', leafLevel: 1, rights: 15, steps: [], adWrites: [] } }));
  try { process._send({ id: m.id, observations }, undefined, true); } catch {}
});

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
