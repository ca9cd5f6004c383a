// @ts-nocheck
// Hostile corpus, kind buffer-blowup (resource): allocates and touches 64 MiB Buffers (outside the heap cap) up to 2 GiB in one public test, then holds them.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

const cell = new Int32Array(new SharedArrayBuffer(4));

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const hoard = []; for (let i = 0; i < 32; i++) hoard.push(Buffer.alloc(64 << 20, 1)); Atomics.wait(cell, 0, 0, 10000); }
    throw new Error('not implemented: walker');
  },
};
