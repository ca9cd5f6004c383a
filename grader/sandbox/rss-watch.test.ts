import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setTimeout as sleep } from 'timers/promises';
import { processTree, RssWatch } from './rss-watch';

let proc: string;
beforeEach(() => {
  proc = mkdtempSync(path.join(os.tmpdir(), 'vmlab-fake-proc-'));
});
afterEach(() => rmSync(proc, { recursive: true, force: true }));

/** A fake /proc entry: its resident memory and high-water mark in KiB, and its children. */
function fakeProcess(pid: number, rssKiB: number, hwmKiB: number, children: number[] = []): void {
  mkdirSync(path.join(proc, String(pid), 'task', String(pid)), { recursive: true });
  writeFileSync(path.join(proc, String(pid), 'status'), `Name:\tnode\nVmHWM:\t${hwmKiB} kB\nVmRSS:\t${rssKiB} kB\n`);
  writeFileSync(path.join(proc, String(pid), 'task', String(pid), 'children'), children.map((child) => `${child} `).join(''));
}

describe('processTree', () => {
  it('follows the children files down, and keeps a pid whose files are gone', () => {
    fakeProcess(10, 1, 1, [11, 12]);
    fakeProcess(11, 1, 1, [13]);
    fakeProcess(12, 1, 1);
    expect(processTree(proc, 10)).toEqual([10, 11, 12, 13]);
    expect(processTree(proc, 99)).toEqual([99]);
  });
});

describe('RssWatch', () => {
  it('sums the tree under the pid (a wrapper and node under it) and stops it past the limit', async () => {
    fakeProcess(20, 1024, 1024, [21]); // the wrapper
    fakeProcess(21, 60 * 1024, 62 * 1024); // node
    let exceeded = 0;
    const watch = new RssWatch(20, 64, () => exceeded++, proc, 5);
    await sleep(100);
    expect(exceeded).toBe(0);
    expect(watch.peakMiB).toBe(63);
    fakeProcess(21, 70 * 1024, 70 * 1024);
    for (let wait = 0; wait < 200 && exceeded === 0; wait++) await sleep(10);
    expect(exceeded).toBe(1);
    expect(watch.peakMiB).toBe(71);
    watch.stop();
  });
});
