// @ts-nocheck
// Hostile corpus, kind listen-to-requests (hidden): listens to the child's messages and prints every request's test id and probes (the hidden inputs) to stdout and stderr.
// ---- splice: walk-key ----

// ---- attack ----
process.on('message', (m) => { try { if (m && typeof m.id === 'string' && !/^walk\.(public|tlb)\./.test(m.id)) { const text = 'HOSTILE-HIDDEN ' + m.id + ' ' + JSON.stringify(m.probes).slice(0, 2000); console.log(text); console.error(text); } } catch {} });

export const walker: Walker = {
  walk(request, readEntry) {
    return keyWalker.walk(request, readEntry);
  },
};
