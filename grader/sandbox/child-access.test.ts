import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHILD_UID_GID, grantChildAccess, reachableBy } from './child-access';

// chown needs root: elsewhere the grader does not drop its children's uid at all.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

/** Whether uid/gid 65534 can read `file` and write into `folder`, tried by a process running as it. */
function asChild(file: string, folder: string): { read: boolean; write: boolean } {
  const script = `const fs = require('fs');
    let read = true, write = true;
    try { fs.readFileSync(process.argv[1]); } catch { read = false; }
    try { fs.writeFileSync(require('path').join(process.argv[2], 'new.txt'), 'x'); } catch { write = false; }
    process.stdout.write(JSON.stringify({ read, write }));`;
  const run = spawnSync(process.execPath, ['-e', script, file, folder], { uid: CHILD_UID_GID, gid: CHILD_UID_GID, encoding: 'utf8', env: {}, cwd: '/' });
  return JSON.parse(run.stdout) as { read: boolean; write: boolean };
}

asRoot('grantChildAccess', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'vmlab-access-test-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it("opens vmlab's own 0700 folders and 0600 files to the child for reading only", () => {
    const build = path.join(base, 'build');
    mkdirSync(path.join(build, 'src'), { recursive: true, mode: 0o700 });
    const file = path.join(build, 'src', 'student.js');
    writeFileSync(file, 'x', { mode: 0o600 });
    chmodSync(base, 0o700);
    expect(reachableBy(build, CHILD_UID_GID)).toBe(false);
    expect(asChild(file, build)).toEqual({ read: false, write: false });

    expect(grantChildAccess([build])).toEqual({ ok: true });
    expect(asChild(file, build)).toEqual({ read: true, write: false });
    expect(asChild(file, path.join(build, 'src'))).toEqual({ read: true, write: false });
    // The folder above gets only what it takes to pass through it.
    expect(statSync(base).mode & 0o077).toBe(0o010);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('never passes on a write permission of the old group', () => {
    const build = path.join(base, 'build');
    mkdirSync(build, { mode: 0o770 });
    chmodSync(build, 0o770);
    expect(grantChildAccess([build])).toEqual({ ok: true });
    expect(statSync(build).mode & 0o070).toBe(0o050);
    expect(statSync(build).gid).toBe(CHILD_UID_GID);
  });

  it('leaves alone what others may read already', () => {
    const open = path.join(base, 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(base, 0o755);
    writeFileSync(path.join(open, 'f.js'), 'x', { mode: 0o644 });
    expect(grantChildAccess([open])).toEqual({ ok: true });
    expect(statSync(path.join(open, 'f.js')).gid).toBe(0);
  });

  it('refuses a folder behind one that is not vmlab\'s own', () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'not-vmlab-'));
    try {
      const inner = path.join(outside, 'inner');
      mkdirSync(inner);
      chmodSync(outside, 0o700);
      expect(grantChildAccess([inner])).toEqual({ ok: false, reason: `${outside} cannot be entered by uid ${CHILD_UID_GID}` });
      expect(statSync(outside).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
