// @ts-nocheck
// Hostile corpus, kind all-fds-forged-reply: writes well-formed reply lines for public and hidden test ids to every fd 0-9 at load.

// ---- attack ----
const ids = ['nested.public.domain-4x4', 'nested.public.domain-counts', 'nested.public.level-mixes'];
for (let fd = 0; fd <= 9; fd++) { for (const id of ids) { try { require('fs').writeSync(fd, JSON.stringify({ id, observations: [{ kind: 'nested-walk' }] }) + '\n'); } catch {} } }

// ---- splice: stub ----
