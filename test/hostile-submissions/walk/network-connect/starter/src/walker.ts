// @ts-nocheck
// Hostile corpus, kind network-connect (escape): connects to 127.0.0.1:47123 (the corpus test listens there) through require('net'), getBuiltinModule('net'), and a socket constructor reached through process.stdout.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

const cell = new Int32Array(new SharedArrayBuffer(4));

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const tries = [() => require('net'), () => process.getBuiltinModule('net'), () => ({ Socket: process.stdout.constructor })]; for (const get of tries) { try { const net = get(); const s = new net.Socket(); s.on('error', () => {}); s.connect(47123, '127.0.0.1'); } catch {} try { fetch('http://127.0.0.1:47123/').catch(() => {}); } catch {} } }
    throw new Error('not implemented: walker');
  },
};
