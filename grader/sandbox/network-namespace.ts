import { spawnSync } from 'child_process';
import { existsSync } from 'fs';

/**
 * Linux only: `unshare -rn` starts the child in a new user namespace (so no
 * privilege is needed) with its own network namespace, which has no interface
 * but a loopback that is down: nothing to connect to, even past the child's
 * in-process guards (sandbox-child.js). Containers and hardened kernels often
 * forbid unprivileged user namespaces; then the child runs without one.
 */
const UNSHARE_PATHS = ['/usr/bin/unshare', '/bin/unshare'];

let cached: string | null | undefined;

/** The unshare binary when it works here (probed once), null otherwise. */
export function networkNamespaceLauncher(): string | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.platform !== 'linux') return cached;
  for (const unshare of UNSHARE_PATHS) {
    if (!existsSync(unshare)) continue;
    const probe = spawnSync(unshare, ['-rn', process.execPath, '-e', '0'], { env: {}, stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) cached = unshare;
    break;
  }
  return cached;
}
