// @ts-nocheck
// Hostile corpus, kind process-binding (escape): process.binding('fs' | 'spawn_sync' | 'tcp_wrap') and internalBinding via process._linkedBinding, to write a file or run a command.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { for (const name of ['fs', 'spawn_sync', 'tcp_wrap', 'process_wrap']) { let b; try { b = process.binding(name); } catch { try { b = process._linkedBinding(name); } catch {} } if (!b) continue; if (name === 'spawn_sync') { let r; try { r = b.spawn({ file: '/usr/bin/id', args: ['id'], stdio: [{ type: 'pipe', readable: true }, { type: 'pipe', writable: true }, { type: 'pipe', writable: true }] }); } catch {} if (r && r.status === 0) escaped('spawned through process.binding'); } if (name === 'fs' && typeof b.open === 'function') { try { b.open('/tmp/hostile-written-process-binding', 577, 420, undefined, { path: '' }); escaped('opened a file for writing through process.binding'); } catch (e) { if (String(e.message).startsWith('HOSTILE')) throw e; } } } }
    throw new Error('not implemented: walker');
  },
};
