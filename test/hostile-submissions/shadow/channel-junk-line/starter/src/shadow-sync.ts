// @ts-nocheck
// Hostile corpus, kind channel-junk-line: writes a non-JSON line to the IPC channel fd at load (shadow sync file).

// ---- attack ----
try { require('fs').writeSync(process.channel.fd, 'x\n'); } catch {}

// ---- splice: stub ----
