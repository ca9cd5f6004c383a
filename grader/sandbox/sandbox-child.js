'use strict';
/*
 * The grader's child process: runs the probes of each test the parent sends
 * on the student's components and sends back the observations (JSON data).
 * Started by child-session.ts under Node's permission model (reads of the
 * submission's folder, of the shared folders it links to and of this script's
 * folder only; no writes, child processes, workers, addons, inspector) with a
 * clean environment.
 *
 * Plain JavaScript on purpose: it runs as is, with nothing transpiled and
 * nothing of the grader's loaded. It trusts nothing it is sent by the student's
 * code, and the parent trusts nothing it is sent by it.
 *
 * Usage: node [permission flags] sandbox-child.js <root> <components module relative to root> [<preload folder>]
 */
const path = require('path');
const Module = require('module');
const net = require('net');
const dgram = require('dgram');

const [root, componentsModule, preloadFrom] = process.argv.slice(2);

function refusal(what) {
  const error = new Error(`${what} is not allowed in the grader's sandbox`);
  error.code = 'ERR_ACCESS_DENIED';
  return error;
}

function lock(object, key, value) {
  Object.defineProperty(object, key, { value, writable: false, configurable: false, enumerable: false });
}

/*
 * Network. Node 20's permission model does not cover it, so this process
 * closes what it can before any student code loads:
 * - every platform: `require` refuses the modules below (also as node:...),
 *   Module._load is locked so the wrapper cannot be undone, the socket
 *   methods that open connections are replaced (so a socket constructor
 *   reached another way, e.g. process.stdout.constructor, cannot connect),
 *   and the global fetch family is removed. Raw handles (process.binding)
 *   are refused by the permission model.
 * - Linux, when unprivileged user namespaces are available: the parent also
 *   starts this process in an empty network namespace (`unshare -rn`: no
 *   interface but a loopback that is down), so even an escape from the above
 *   reaches nothing (network-namespace.ts).
 * - macOS, Windows, and Linux without user namespaces: only the in-process
 *   measures above; an OS-level firewall or container would be needed for more.
 */
const DENIED_MODULES = new Set([
  'net', 'dgram', 'http', 'https', 'http2', 'tls', 'dns', 'dns/promises',
  'child_process', 'worker_threads', 'inspector', 'inspector/promises', 'vm', 'cluster', 'repl',
  '_http_agent', '_http_client', '_http_common', '_http_incoming', '_http_outgoing', '_http_server',
  '_tls_common', '_tls_wrap', 'wasi', 'trace_events',
]);

const originalLoad = Module._load;
lock(Module, '_load', function guardedLoad(request, parent, isMain) {
  const name = typeof request === 'string' && request.startsWith('node:') ? request.slice('node:'.length) : request;
  if (DENIED_MODULES.has(name)) throw refusal(`require('${request}')`);
  return originalLoad.call(this, request, parent, isMain);
});

function refuseMethod(proto, key, what) {
  lock(proto, key, function refused() {
    throw refusal(what);
  });
}
refuseMethod(net.Socket.prototype, 'connect', 'network access (socket.connect)');
refuseMethod(net.Server.prototype, 'listen', 'network access (server.listen)');
for (const key of ['bind', 'connect', 'send']) refuseMethod(dgram.Socket.prototype, key, `network access (dgram ${key})`);
for (const name of ['fetch', 'WebSocket', 'EventSource']) delete globalThis[name];

/*
 * IPC: the replies go through `send`, kept here; process.send is replaced so
 * that student code does not talk to the grader by accident. A determined
 * student can still reach the channel (process._send, process.channel): the
 * parent checks every message anyway (protocol.ts).
 */
const send = process.send.bind(process);
refuseMethod(process, 'send', 'process.send');

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
  const { observeProbe } = require(path.join(from, 'reference', 'observe', 'observe-probe.js'));
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

process.on('message', (request) => {
  if (typeof request !== 'object' || request === null || typeof request.id !== 'string' || !Array.isArray(request.probes)) return;
  const observations = observeAll(request.probes);
  try {
    send({ id: request.id, observations });
  } catch (error) {
    // Not JSON (a BigInt, a cycle): the observations cannot cross the process boundary.
    const message = `the observations could not be sent: ${describeThrown(error)}`;
    send({ id: request.id, observations: request.probes.map(() => ({ kind: 'error', message })) });
  }
});
