import { spawnSync } from 'child_process';
import { existsSync, realpathSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHILD_UID_GID, reachableBy } from './child-access';

/**
 * The fences the operating system puts around each sandbox child, besides
 * the child's own in-process guards (sandbox-child.js). Which ones this host
 * gives is probed once per process (probeHostFences) by starting a tiny Node
 * script inside them and asking it what it sees.
 */
export type FenceName =
  | 'permission-model'
  | 'user-namespace'
  | 'pid-namespace'
  | 'mount-namespace'
  | 'network-namespace'
  | 'unprivileged-user'
  | 'file-size-limit'
  | 'own-session'
  | 'parent-death-signal';

/** Every fence, in the order `vmlab doctor` lists them, with what it protects against in one line. */
export const FENCES: readonly { readonly name: FenceName; readonly protects: string }[] = [
  { name: 'permission-model', protects: "Node's permission model: no file reads outside the build, no file writes, child processes, workers, addons or inspector" },
  { name: 'user-namespace', protects: 'a user namespace: the child is root only inside it, with no privilege over the host (needed by the namespaces below)' },
  { name: 'pid-namespace', protects: 'a PID namespace: the child sees and signals no process but itself (kill of the grader, SIGSTOP, kill(-1))' },
  { name: 'mount-namespace', protects: "a mount namespace with its own /proc: the host's processes are not even listed" },
  { name: 'network-namespace', protects: 'an empty network namespace: no interface but a loopback that is down, so no connection and no DNS' },
  { name: 'unprivileged-user', protects: "the child runs as uid/gid 65534 on the host, not root: no access to the grader's files beyond what is granted" },
  { name: 'file-size-limit', protects: 'RLIMIT_FSIZE and RLIMIT_CORE 0 (prlimit): no file can grow past 0 bytes, no core dump' },
  { name: 'own-session', protects: "the child leads its own session and process group: kill(0) reaches only itself" },
  { name: 'parent-death-signal', protects: 'the child is killed if the grader dies (setpriv --pdeathsig): no orphan keeps running' },
];

export interface HostFences {
  /** The fences a child gets on this host, in FENCES order. */
  readonly present: readonly FenceName[];
  readonly missing: readonly FenceName[];
  /** Why each missing fence is missing, in words. */
  readonly notes: ReadonlyMap<FenceName, string>;
  /** The programs and arguments that start node inside the OS fences: node's command line follows. Empty when none work. */
  readonly wrapper: readonly string[];
  /** The uid/gid the child runs as, when the grader is root and can drop it; undefined otherwise. */
  readonly dropTo: { readonly uid: number; readonly gid: number } | undefined;
}

const BIN_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];
const PROBE_TIMEOUT_MS = 10_000;

/** What the probe script reports of the place it runs in. */
interface ProbeFacts {
  readonly pid: number;
  readonly uid: number;
  readonly interfaces?: number;
  readonly procSelf?: string;
  readonly fileSize?: readonly string[];
  readonly coreSize?: readonly string[];
  readonly uidMap?: readonly string[];
  readonly permission: boolean;
}

// Runs under the permission model with reads of /proc only: /etc/hostname must be refused.
const PROBE_SCRIPT = `
const fs = require('fs');
const facts = { pid: process.pid, uid: process.getuid(), permission: false };
try { facts.interfaces = Object.keys(require('os').networkInterfaces()).length; } catch {}
try { facts.procSelf = fs.readlinkSync('/proc/self'); } catch {}
try {
  const limits = fs.readFileSync('/proc/self/limits', 'utf8');
  facts.fileSize = (/^Max file size\\s+(\\S+)\\s+(\\S+)/m.exec(limits) || []).slice(1);
  facts.coreSize = (/^Max core file size\\s+(\\S+)\\s+(\\S+)/m.exec(limits) || []).slice(1);
} catch {}
try { facts.uidMap = fs.readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\\s+/); } catch {}
try { fs.readFileSync('/etc/hostname'); } catch (error) { facts.permission = error.code === 'ERR_ACCESS_DENIED'; }
process.stdout.write(JSON.stringify(facts));
`;

/** Node's flags for the probe: the permission model, as the real child has it. */
const PROBE_NODE_ARGS = ['--experimental-permission', '--allow-fs-read=/proc', '--disable-warning=ExperimentalWarning', '-e', PROBE_SCRIPT];

/** One part of the wrapper: a program and its arguments, up to and including the `--` before the command it runs. */
interface WrapperPart {
  readonly fences: readonly FenceName[];
  readonly argv: readonly string[];
}

let cached: HostFences | undefined;

/** The fences of this host, probed at the first call (a few short child processes) and kept. */
export function probeHostFences(): HostFences {
  cached ??= probe();
  return cached;
}

function probe(): HostFences {
  const notes = new Map<FenceName, string>();
  const asRoot = process.getuid?.() === 0;
  const session = process.platform !== 'win32';
  if (process.platform !== 'linux') {
    const plain = runProbe([], undefined);
    const note = 'namespaces, prlimit and setpriv are Linux only';
    for (const name of ['user-namespace', 'pid-namespace', 'mount-namespace', 'network-namespace', 'file-size-limit', 'parent-death-signal'] as const) notes.set(name, note);
    if (asRoot) notes.set('unprivileged-user', 'not tried off Linux: the child runs as root');
    return finish(plain?.permission === true, [...(session ? ['own-session' as const] : []), ...(asRoot ? [] : ['unprivileged-user' as const])], notes, [], undefined);
  }

  const parts = wrapperParts(notes);
  const dropTo = asRoot ? uidDropTarget(notes) : undefined;
  // Most hosts give all or nothing: one probe then. Otherwise each part is tried alone, and the parts that work together.
  let chosen = parts;
  let facts = runProbe(flatten(chosen), dropTo);
  if (facts === undefined) {
    chosen = parts.filter((part) => runProbe(flatten([part]), undefined) !== undefined);
    facts = runProbe(flatten(chosen), dropTo);
  }
  let dropped = dropTo;
  if (facts === undefined && dropTo !== undefined) {
    dropped = undefined;
    notes.set('unprivileged-user', `a child started as uid ${dropTo.uid} does not run (is node, ${process.execPath}, readable by that user?)`);
    facts = runProbe(flatten(chosen), undefined);
  }
  if (facts === undefined) {
    chosen = [];
    facts = runProbe([], undefined);
  }
  const present = new Set<FenceName>(session ? ['own-session'] : []);
  if (facts !== undefined) {
    for (const part of chosen) for (const name of part.fences) present.add(name);
    // Each fence is checked by what the child saw, not by the launcher's exit status alone.
    checkFact(present, notes, 'network-namespace', facts.interfaces === 0, `the child still sees ${facts.interfaces} network interfaces`);
    checkFact(present, notes, 'pid-namespace', facts.pid === 1, `the child is pid ${facts.pid}, not 1 of its own namespace`);
    checkFact(present, notes, 'mount-namespace', facts.procSelf === '1', "the child's /proc is the host's");
    const fileSizeZero = facts.fileSize?.join() === '0,0' && facts.coreSize?.join() === '0,0';
    checkFact(present, notes, 'file-size-limit', fileSizeZero, 'the limits did not reach the child');
    if (dropped !== undefined) {
      const hostUid = facts.uidMap !== undefined && facts.uid === 0 ? Number(facts.uidMap[1]) : facts.uid;
      if (hostUid === dropped.uid) present.add('unprivileged-user');
      else notes.set('unprivileged-user', `the child runs as host uid ${hostUid}`);
    }
  }
  if (!asRoot) present.add('unprivileged-user');
  return finish(facts?.permission === true, [...present], notes, flatten(chosen), present.has('unprivileged-user') && asRoot ? dropped : undefined);
}

function finish(permission: boolean, present: readonly FenceName[], notes: Map<FenceName, string>, wrapper: readonly string[], dropTo: HostFences['dropTo']): HostFences {
  const have = new Set(present);
  if (permission) have.add('permission-model');
  else notes.set('permission-model', "node refused --experimental-permission, or did not refuse a read outside the allowed folder");
  const missing = FENCES.map((fence) => fence.name).filter((name) => !have.has(name));
  for (const name of missing) if (!notes.has(name)) notes.set(name, 'not available on this host');
  for (const name of have) notes.delete(name);
  return { present: FENCES.map((fence) => fence.name).filter((name) => have.has(name)), missing, notes, wrapper, dropTo };
}

function checkFact(present: Set<FenceName>, notes: Map<FenceName, string>, name: FenceName, holds: boolean, otherwise: string): void {
  if (!present.has(name)) return;
  if (holds) return;
  present.delete(name);
  notes.set(name, otherwise);
}

/** The wrapper's parts whose programs exist here, outermost first. */
function wrapperParts(notes: Map<FenceName, string>): WrapperPart[] {
  const parts: WrapperPart[] = [];
  const setpriv = findProgram('setpriv');
  if (setpriv === undefined) notes.set('parent-death-signal', 'no setpriv program (util-linux)');
  else parts.push({ fences: ['parent-death-signal'], argv: [setpriv, '--pdeathsig', 'KILL', '--'] });
  const unshare = findProgram('unshare');
  if (unshare === undefined) {
    for (const name of ['user-namespace', 'pid-namespace', 'mount-namespace', 'network-namespace'] as const) notes.set(name, 'no unshare program (util-linux)');
  } else {
    // --fork: node is pid 1 of the new namespace; --kill-child: it dies with unshare; --mount-proc: a /proc of that namespace.
    parts.push({
      fences: ['user-namespace', 'network-namespace', 'pid-namespace', 'mount-namespace'],
      argv: [unshare, '--user', '--map-root-user', '--net', '--pid', '--fork', '--kill-child', '--mount-proc', '--'],
    });
    // Where the whole set is refused, a user and network namespace alone may still be allowed.
    parts.push({ fences: ['user-namespace', 'network-namespace'], argv: [unshare, '--user', '--map-root-user', '--net', '--'] });
  }
  const prlimit = findProgram('prlimit');
  if (prlimit === undefined) notes.set('file-size-limit', 'no prlimit program (util-linux)');
  else parts.push({ fences: ['file-size-limit'], argv: [prlimit, '--fsize=0:0', '--core=0:0', '--'] });
  return parts;
}

/** The parts chained, each running the next; of two unshare parts only the first is kept. */
function flatten(parts: readonly WrapperPart[]): string[] {
  const argv: string[] = [];
  let unshare = false;
  for (const part of parts) {
    const isUnshare = part.fences.includes('user-namespace');
    if (isUnshare && unshare) continue;
    unshare ||= isUnshare;
    argv.push(...part.argv);
  }
  return argv;
}

function findProgram(name: string): string | undefined {
  return BIN_DIRS.map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}

/** uid/gid 65534 when the temp folder (where vmlab's folders live) is reachable by it; undefined, with a note, otherwise. */
function uidDropTarget(notes: Map<FenceName, string>): HostFences['dropTo'] {
  const tmp = realpathSync(os.tmpdir());
  if (!reachableBy(tmp, CHILD_UID_GID)) {
    notes.set('unprivileged-user', `the temp folder ${tmp} is not reachable by uid ${CHILD_UID_GID}: set TMPDIR to a folder every user can enter`);
    return undefined;
  }
  return { uid: CHILD_UID_GID, gid: CHILD_UID_GID };
}

/** The probe's facts, or undefined when it did not run to the end. */
function runProbe(wrapper: readonly string[], dropTo: HostFences['dropTo']): ProbeFacts | undefined {
  const [command, ...args] = [...wrapper, process.execPath, ...PROBE_NODE_ARGS];
  const result = spawnSync(command!, args, {
    env: {},
    cwd: '/',
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: PROBE_TIMEOUT_MS,
    ...(dropTo === undefined ? {} : { uid: dropTo.uid, gid: dropTo.gid }),
  });
  if (result.status !== 0) return undefined;
  try {
    const facts: unknown = JSON.parse(result.stdout);
    return typeof facts === 'object' && facts !== null && typeof (facts as ProbeFacts).pid === 'number' ? (facts as ProbeFacts) : undefined;
  } catch {
    return undefined;
  }
}

let warned = false;

/**
 * Says once per process, on `write` (the CLI's stderr), which fences this
 * host lacks: grading goes on without them, weaker. Nothing when all are there.
 */
export function warnMissingFences(write: (text: string) => void, fences: HostFences = probeHostFences()): void {
  if (warned || fences.missing.length === 0) return;
  warned = true;
  const lines = fences.missing.map((name) => `  - ${name}: ${fences.notes.get(name) ?? 'not available'}`);
  write(`WARNING: the grader's sandbox lacks ${fences.missing.length} fence(s) on this host; student code runs with less isolation:\n${lines.join('\n')}\n(run \`vmlab doctor\` for what each one protects against)\n`);
}

/** What a child gets with the OS fences turned off (SandboxOptions.osFences false): Node's own, and its own session. */
export function processFencesOnly(host: HostFences = probeHostFences()): HostFences {
  const kept: FenceName[] = ['permission-model', 'own-session', ...(process.getuid?.() === 0 ? [] : ['unprivileged-user' as const])];
  const present = host.present.filter((name) => kept.includes(name));
  const missing = FENCES.map((fence) => fence.name).filter((name) => !present.includes(name));
  const notes = new Map(missing.map((name) => [name, host.notes.get(name) ?? 'turned off for this sandbox'] as const));
  return { present, missing, notes, wrapper: [], dropTo: undefined };
}
