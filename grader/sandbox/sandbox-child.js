'use strict';
/*
 * The grader's child process: runs the probes of each test the parent sends
 * on the student's components and sends back the observations (JSON data).
 * Started by child-session.ts under Node's permission model (reads of the
 * submission's folder, of the shared folders it links to and of this script's
 * folder only; no writes, child processes, workers, addons, inspector) with a
 * clean environment, in a working directory that no longer exists, and on
 * Linux inside the OS fences of fences.ts (user, PID, mount and network
 * namespaces, an unprivileged uid, a file-size limit of 0).
 *
 * Plain JavaScript on purpose: it runs as is, with nothing transpiled and
 * nothing of the grader's loaded. It trusts nothing it is sent by the student's
 * code, and the parent trusts nothing it is sent by it.
 *
 * Protocol (protocol.ts): one request per line of JSON on fd 3, one reply per
 * line of JSON on fd 4; exit code 97 when either channel is lost.
 *
 * Usage: node [permission flags] sandbox-child.js <root> <components module relative to root> [<preload folder>]
 */
const fs = require('fs');
const path = require('path');
const Module = require('module');
const net = require('net');
const dgram = require('dgram');
const dns = require('dns');
const os = require('os');
const v8 = require('v8');
const traceEvents = require('trace_events');

const [root, componentsModule, preloadFrom] = process.argv.slice(2);
const REQUEST_FD = 3;
const REPLY_FD = 4;
const CHANNEL_LOST_EXIT_CODE = 97;

// Kept before any student code runs: student code may replace the globals, not these.
const writeSync = fs.writeSync;
const fstatSync = fs.fstatSync;
const exit = process.reallyExit.bind(process);
const parseJson = JSON.parse;
const stringifyJson = JSON.stringify;
const bufferFrom = Buffer.from;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function refusal(what) {
  const error = new Error(`${what} is not allowed in the grader's sandbox`);
  error.code = 'ERR_ACCESS_DENIED';
  return error;
}

function lock(object, key, value) {
  Object.defineProperty(object, key, { value, writable: false, configurable: false, enumerable: false });
}

function refuseMethod(object, key, what) {
  lock(object, key, function refused() {
    throw refusal(what);
  });
}

/*
 * Guards in this process, set before any student code loads and locked
 * (non-writable, non-configurable) so student code cannot undo them. They
 * close what Node 20's permission model leaves open; the OS fences around
 * this process (fences.ts) hold even past them.
 *
 * Modules. `require` refuses the modules below (also as node:...), through
 * Module._load, and so does process.getBuiltinModule, which does not go
 * through Module._load. A dynamic import() reaches a builtin module without
 * either, so what must not run at all is also taken out of the modules'
 * own exports (the very objects import() hands out): trace_events, dns,
 * v8's file writers, os.setPriority, the socket methods that open a
 * connection (so a socket reached another way, e.g. process.stdout's
 * constructor, cannot connect). The global fetch family is removed.
 * child_process, worker_threads, inspector, wasi and addons are refused by
 * the permission model however they are reached.
 *
 * Network: Node 20's permission model does not cover it. On Linux the
 * parent starts this process in an empty network namespace, so even an
 * escape from the above reaches nothing; elsewhere only these guards apply.
 */
const DENIED_MODULES = new Set([
  'net', 'dgram', 'http', 'https', 'http2', 'tls', 'dns', 'dns/promises',
  'child_process', 'worker_threads', 'inspector', 'inspector/promises', 'vm', 'cluster', 'repl',
  '_http_agent', '_http_client', '_http_common', '_http_incoming', '_http_outgoing', '_http_server',
  '_tls_common', '_tls_wrap', 'wasi', 'trace_events',
]);

function deniedName(request) {
  const name = typeof request === 'string' && request.startsWith('node:') ? request.slice('node:'.length) : request;
  return DENIED_MODULES.has(name);
}

const originalLoad = Module._load;
lock(Module, '_load', function guardedLoad(request, parent, isMain) {
  if (deniedName(request)) throw refusal(`require('${request}')`);
  return originalLoad.call(this, request, parent, isMain);
});

const originalGetBuiltinModule = process.getBuiltinModule;
if (typeof originalGetBuiltinModule === 'function') {
  lock(process, 'getBuiltinModule', function guardedGetBuiltinModule(id) {
    if (deniedName(id)) throw refusal(`process.getBuiltinModule('${id}')`);
    return originalGetBuiltinModule.call(process, id);
  });
}

/** Every function of a module's exports (and of `extra` objects of it) refused and locked. */
function defang(exports, label) {
  for (const key of Object.getOwnPropertyNames(exports)) {
    const descriptor = Object.getOwnPropertyDescriptor(exports, key);
    if (descriptor && typeof descriptor.value === 'function') refuseMethod(exports, key, `${label}.${key}`);
  }
  Object.freeze(exports);
}

defang(traceEvents, 'trace_events'); // it writes its log into the working directory, past the permission model
const dnsPromises = dns.promises;
defang(dnsPromises, 'dns.promises');
lock(dns, 'promises', dnsPromises);
defang(dns, 'dns');
for (const key of ['writeHeapSnapshot', 'setHeapSnapshotNearHeapLimit', 'setFlagsFromString', 'takeCoverage', 'stopCoverage']) {
  refuseMethod(v8, key, `v8.${key}`);
}
refuseMethod(os, 'setPriority', 'os.setPriority');

refuseMethod(net.Socket.prototype, 'connect', 'network access (socket.connect)');
refuseMethod(net.Server.prototype, 'listen', 'network access (server.listen)');
for (const key of ['bind', 'connect', 'send']) refuseMethod(dgram.Socket.prototype, key, `network access (dgram ${key})`);
for (const name of ['fetch', 'WebSocket', 'EventSource']) delete globalThis[name];
// A pipe's raw handle (process.stdout._handle, a pipe_wrap Pipe) could connect to a Unix socket past net.Socket.
const pipeHandle = process.stdout && process.stdout._handle;
if (pipeHandle && typeof pipeHandle.connect === 'function') {
  for (const key of ['connect', 'bind', 'listen']) refuseMethod(Object.getPrototypeOf(pipeHandle), key, `network access (pipe ${key})`);
}

/*
 * process. Raw bindings and addons (refused by the permission model too),
 * signals to any process (the PID namespace confines them on Linux; the
 * permission model does not cover process.kill, nor _debugProcess, which
 * sends SIGUSR1 to open another process's inspector), changes of identity
 * or directory, the handles this script reads its requests through, and
 * the diagnostic report, which writes files (its settings would make Node
 * write one on a crash).
 */
for (const key of ['binding', '_linkedBinding', 'dlopen']) refuseMethod(process, key, `process.${key}`);
for (const key of ['kill', '_kill', '_debugProcess', '_debugEnd']) refuseMethod(process, key, `process.${key} (signals)`);
for (const key of ['setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', 'chdir']) {
  if (typeof process[key] === 'function') refuseMethod(process, key, `process.${key}`);
}
for (const key of ['_getActiveHandles', '_getActiveRequests']) refuseMethod(process, key, `process.${key}`);
const refusedReport = Object.freeze({
  writeReport() {
    throw refusal('process.report.writeReport');
  },
  getReport() {
    throw refusal('process.report.getReport');
  },
});
lock(process, 'report', refusedReport);

function describeThrown(error) {
  let text;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}${error.code ? ` (${error.code})` : ''}` : `threw ${String(error)}`;
  } catch {
    text = 'threw something that cannot be described';
  }
  return text.slice(0, 2000);
}

/*
 * What the tests run on, loaded at the first test: the child is started
 * while the grader is still writing the build into root. The simulator comes
 * from root's reference/, which in a batch links to a shared folder; when that
 * folder is written already (the preload folder), the simulator is loaded
 * from it at once, and the same files reached through root's link later are
 * the modules loaded then (Node keys modules by their real path).
 *
 * Every probe comes from the grader, which has checked its scenario already
 * (the reference observed the very same probe through parseScenario first):
 * here a scenario is only resolved, so the schema checker (ajv, and compiling
 * its schemas) never loads in the child.
 */
function loadSimulator(from) {
  const { observeProbe } = require(path.join(from, 'observe', 'observe-probe.js'));
  const { resolveScenario } = require(path.join(from, 'reference', 'scenario', 'resolve.js'));
  return { observeProbe, resolveScenario };
}

if (preloadFrom !== undefined) {
  try {
    loadSimulator(preloadFrom);
  } catch {
    // Loading from root at the first test says what is wrong.
  }
}

let loaded;

function load() {
  try {
    const { observeProbe, resolveScenario } = loadSimulator(root);
    const { COMPONENTS: components } = require(path.resolve(root, componentsModule));
    if (typeof observeProbe !== 'function' || typeof resolveScenario !== 'function') return { problem: 'the simulator has no observeProbe or resolveScenario function' };
    if (typeof components !== 'object' || components === null) return { problem: `${componentsModule} does not export COMPONENTS` };
    return { observe: (probe) => observeProbe(probe, components, resolveScenario) };
  } catch (error) {
    return { problem: `could not load the components: ${describeThrown(error)}` };
  }
}

function observeAll(probes) {
  if (loaded === undefined) loaded = load();
  const { observe, problem } = loaded;
  if (problem !== undefined) return probes.map(() => ({ kind: 'error', message: problem }));
  return probes.map((probe) => {
    try {
      return observe(probe);
    } catch (error) {
      return { kind: 'error', message: describeThrown(error) };
    }
  });
}

/*
 * The channels. A reply is written whole with synchronous writes: the
 * student's code, which runs between them, cannot interleave with it in
 * this process. fd 4 is blocking as the parent hands it over, but student
 * code can make it non-blocking (by wrapping it in a socket): then a write
 * of a large reply meets EAGAIN, and waits a millisecond and goes on.
 */
function writeAll(fd, bytes) {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (error === null || typeof error !== 'object' || error.code !== 'EAGAIN') throw error;
      Atomics.wait(sleepCell, 0, 0, 1);
    }
  }
}

/** Which socket each channel is: a student who closes one (and opens a file in its place) is found out at the next reply. */
const channelIdentity = (fd) => {
  // bigint: in Node 20 a plain fstat of a socket leaves state behind that makes the module loader's
  // realpath miss a symlink (root/reference -> the shared folder), loading the simulator twice.
  const stats = fstatSync(fd, { bigint: true });
  return `${stats.dev}:${stats.ino}`;
};
const CHANNELS = [REQUEST_FD, REPLY_FD].map((fd) => ({ fd, identity: channelIdentity(fd) }));

function channelsIntact() {
  try {
    return CHANNELS.every(({ fd, identity }) => channelIdentity(fd) === identity);
  } catch {
    return false;
  }
}

function reply(message) {
  // The test that broke a channel is the one that fails, not a later one.
  if (!channelsIntact()) channelLost();
  let line;
  try {
    line = stringifyJson(message);
  } catch (error) {
    // Not JSON (a BigInt, a cycle): the observations cannot cross the process boundary.
    const why = `the observations could not be sent: ${describeThrown(error)}`;
    line = stringifyJson({ id: message.id, observations: message.observations.map(() => ({ kind: 'error', message: why })) });
  }
  try {
    writeAll(REPLY_FD, bufferFrom(`${line}\n`, 'utf8'));
  } catch {
    channelLost();
  }
}

/** Student code closed or broke a channel: this child cannot go on, and says so by its exit code. */
function channelLost() {
  exit(CHANNEL_LOST_EXIT_CODE);
}

function onRequestLine(text) {
  let request;
  try {
    request = parseJson(text);
  } catch {
    channelLost(); // only the parent writes here: a line that is not JSON means the channel is broken
    return;
  }
  if (typeof request !== 'object' || request === null || typeof request.id !== 'string' || !Array.isArray(request.probes)) {
    channelLost();
    return;
  }
  reply({ id: request.id, observations: observeAll(request.probes) });
}

const requests = new net.Socket({ fd: REQUEST_FD, readable: true, writable: false });
let pending = '';
requests.setEncoding('utf8');
requests.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    onRequestLine(line);
  }
});
// The parent closes the request channel when it is done with this child (or kills it first).
requests.on('end', () => exit(0));
requests.on('error', channelLost);
