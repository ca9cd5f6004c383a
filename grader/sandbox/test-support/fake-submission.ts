import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Probe } from '../../../observe/probe-types';

/**
 * A fake compiled submission for the sandbox's tests: a stub observe-probe.js
 * that calls `components.walker.walk(probe)` and turns a throw into an error
 * observation (as the real one does), a stub resolve.js, and a "student"
 * walker whose behaviour each probe picks by name (see STUDENT below).
 * Nothing of the real simulator is needed: the sandbox only carries JSON both
 * ways.
 */
export interface FakeSubmission {
  readonly root: string;
  readonly componentsModule: string;
  /** A file outside root that the child must not be able to read. */
  readonly secretFile: string;
  remove(): void;
}

const OBSERVE = `'use strict';
// How many times this module was loaded: once, however it is reached.
globalThis.vmlabObserveLoads = (globalThis.vmlabObserveLoads || 0) + 1;
exports.observeProbe = function observeProbe(probe, components) {
  try {
    return components.walker.walk(probe);
  } catch (error) {
    return { kind: 'error', message: String(error && error.code) + ': ' + String(error && error.message) };
  }
};
`;

const STUDENT = `'use strict';
const fs = require('fs');
const path = require('path');
// An asynchronous outcome, kept for a later test (between tests the child's event loop runs).
function keep(promise) {
  promise.then((outcome) => { globalThis.importOutcome = outcome; }, (error) => { globalThis.importOutcome = String(error && error.code); });
  return { kind: 'walk' };
}
const behaviours = {
  ok: (probe) => ({ kind: 'walk', echo: probe.n === undefined ? null : probe.n }),
  loop: () => { for (;;) {} },
  // Buffers live outside the JS heap: only the parent's RSS watch can stop this.
  buffers: () => { const keep = []; for (let i = 0; i < 16; i++) keep.push(Buffer.alloc(64 << 20, 1)); for (;;) {} },
  heap: () => { const keep = []; for (;;) keep.push({ n: keep.length, s: 'x' + keep.length }); },
  exit: () => process.exit(3),
  abort: () => process.abort(),
  read: (probe) => fs.readFileSync(probe.path, 'utf8'),
  require: (probe) => require(probe.module),
  binding: () => process.binding('spawn_sync'),
  write: () => fs.writeFileSync(path.join(__dirname, 'written.txt'), 'x'),
  // Writes probe.junk (base64) into the reply channel (fd 4) before the child's own reply.
  junk: (probe) => { fs.writeSync(4, Buffer.from(probe.junk, 'base64')); return { kind: 'walk' }; },
  hugeJunk: (probe) => { fs.writeSync(4, Buffer.alloc(probe.size, 0x31)); return { kind: 'walk' }; },
  forge: () => { fs.writeSync(4, JSON.stringify({ id: 'forged', observations: [] }) + '\\n'); return { kind: 'walk' }; },
  closeReply: () => { fs.closeSync(4); return { kind: 'walk' }; },
  closeRequest: () => { fs.closeSync(3); return { kind: 'walk' }; },
  writeRequest: () => { fs.writeSync(3, 'x\\n'); return { kind: 'walk' }; },
  closeStdout: () => { fs.closeSync(1); return { kind: 'walk' }; },
  // A socket over fd 4 makes it non-blocking: the child's reply then meets EAGAIN.
  nonblockReply: (probe) => { new (process.stdout.constructor)({ fd: 4, readable: false, writable: true }); return { kind: 'walk', data: 'x'.repeat(probe.size) }; },
  big: (probe) => ({ kind: 'walk', data: 'x'.repeat(probe.size) }),
  kill: (probe) => process.kill(probe.pid === 'parent' ? process.ppid : probe.pid, probe.signal),
  builtin: (probe) => process.getBuiltinModule(probe.module),
  traceViaBuiltin: () => process.getBuiltinModule('trace_events').createTracing({ categories: ['v8', 'node'] }).enable(),
  // import() bypasses require: its outcome is kept for the next test to return.
  traceViaImport: () => keep(import('trace_events').then((m) => m.createTracing({ categories: ['v8', 'node'] }).enable()).then(() => 'enabled')),
  dnsViaImport: () => keep(import('dns').then((m) => m.promises.lookup('example.com')).then(() => 'resolved')),
  imported: () => ({ kind: 'walk', outcome: globalThis.importOutcome === undefined ? 'pending' : globalThis.importOutcome }),
  report: () => process.report.writeReport(),
  heapSnapshot: () => require('v8').writeHeapSnapshot(),
  heapNearLimit: () => require('v8').setHeapSnapshotNearHeapLimit(1),
  writeCwd: () => fs.writeFileSync('written.txt', 'x'),
  restore: () => { Object.defineProperty(process, 'getBuiltinModule', { value: () => 'restored' }); },
  uid: () => ({ kind: 'walk', uid: process.getuid(), pid: process.pid }),
  sleep: () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); },
  socket: () => new (process.stdout.constructor)().connect(80, '127.0.0.1'),
  fetch: () => ({ kind: 'walk', fetch: typeof fetch }),
  interfaces: () => ({ kind: 'walk', interfaces: Object.keys(require('os').networkInterfaces()) }),
  env: () => ({ kind: 'walk', env: Object.keys(process.env) }),
  bigint: () => ({ kind: 'walk', n: 1n }),
  print: () => { process.stdout.write('x'.repeat(1 << 20)); return { kind: 'walk' }; },
  loads: () => ({ kind: 'walk', loads: globalThis.vmlabObserveLoads }),
  // How many tests this child has run with it: 1 in a fresh child.
  count: () => ({ kind: 'walk', count: (globalThis.vmlabCount = (globalThis.vmlabCount || 0) + 1) }),
};
exports.walk = (probe) => behaviours[probe.behaviour](probe);
`;

export function makeFakeSubmission(): FakeSubmission {
  const base = mkdtempSync(path.join(os.tmpdir(), 'vmlab-sandbox-test-'));
  const root = path.join(base, 'root');
  for (const folder of ['observe', 'reference/scenario', 'starter/src']) mkdirSync(path.join(root, folder), { recursive: true });
  writeFileSync(path.join(root, 'observe', 'observe-probe.js'), OBSERVE);
  writeFileSync(path.join(root, 'reference', 'scenario', 'resolve.js'), `exports.resolveScenario = (document) => document;\n`);
  writeFileSync(path.join(root, 'starter', 'src', 'student.js'), STUDENT);
  writeFileSync(path.join(root, 'components.js'), `exports.COMPONENTS = { walker: require('./starter/src/student.js') };\n`);
  const secretFile = path.join(base, 'secret.txt');
  writeFileSync(secretFile, 'the hidden suite');
  return { root, componentsModule: 'components.js', secretFile, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** A probe for the fake walker: not a real WalkProbe, only what the stub reads. */
export function fakeProbe(behaviour: string, extra: Record<string, unknown> = {}): Probe {
  return { kind: 'walk', behaviour, ...extra } as unknown as Probe;
}
