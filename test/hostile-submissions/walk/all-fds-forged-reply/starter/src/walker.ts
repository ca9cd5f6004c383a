// @ts-nocheck
// Hostile corpus, kind all-fds-forged-reply (channel): writes a well-formed reply line for the next tests (every public and hidden id) to every fd 0-9, at load.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
const ids = ['walk.public.worked-vector-4k', 'walk.public.worked-vector-2m', 'walk.translation.index-edges', 'walk.permissions.matrix'];
for (let fd = 0; fd <= 9; fd++) { for (const id of ids) { try { require('fs').writeSync(fd, JSON.stringify({ id, observations: [{ kind: 'walk' }] }) + '\n'); } catch {} } }

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
