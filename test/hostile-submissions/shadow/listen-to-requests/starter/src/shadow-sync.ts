// @ts-nocheck
// Hostile corpus, kind listen-to-requests: listens to the child's messages and prints the hidden tests' scenarios to stdout and stderr.

// ---- attack ----
process.on('message', (m) => { try { if (m && typeof m.id === 'string' && !/^shadow\.(public|stress)\./.test(m.id)) { const text = 'HOSTILE-HIDDEN ' + m.id + ' ' + JSON.stringify(m.probes).slice(0, 2000); console.log(text); console.error(text); } } catch {} });

// ---- splice: stub ----
