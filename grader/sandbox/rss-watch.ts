import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/**
 * The parent's view of a child's resident memory, from /proc (Linux).
 * --max-old-space-size bounds only the JS heap: Buffers and ArrayBuffers
 * live outside it, so without /proc only the heap is bounded. The child may
 * be a wrapper (unshare --fork) with node below it: the watch sums the
 * whole process tree under the pid it is given.
 */
export class RssWatch {
  private timer: NodeJS.Timeout | undefined;
  private peakKiB: number | undefined;

  /** Polls every `periodMs` and calls `onExceeded` once when the tree's VmRSS passes `limitMiB`. */
  constructor(
    private readonly pid: number,
    limitMiB: number,
    onExceeded: () => void,
    private readonly procDir = '/proc',
    periodMs = 50,
  ) {
    if (!existsSync(procDir)) return;
    this.timer = setInterval(() => {
      const kib = this.sample()?.residentKiB;
      if (kib !== undefined && kib > limitMiB * 1024) {
        this.stop();
        onExceeded();
      }
    }, periodMs);
  }

  /**
   * The most the child's tree has had resident, as far as this watch saw:
   * the sum of the kernel's high-water marks (VmHWM) at its last look, so
   * growth between two polls counts too. Undefined without /proc, or if it
   * never looked.
   */
  get peakMiB(): number | undefined {
    return this.peakKiB === undefined ? undefined : this.peakKiB / 1024;
  }

  /** Stops polling, after a last look at the high-water mark while the child may still be there. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  private sample(): { readonly residentKiB: number } | undefined {
    let residentKiB = 0;
    let highWaterKiB = 0;
    let seen = false;
    for (const pid of processTree(this.procDir, this.pid)) {
      const memory = residentMemory(path.join(this.procDir, String(pid), 'status'));
      if (memory === undefined) continue;
      seen = true;
      residentKiB += memory.residentKiB;
      highWaterKiB += memory.highWaterKiB;
    }
    if (!seen) return undefined;
    this.peakKiB = Math.max(this.peakKiB ?? 0, highWaterKiB);
    return { residentKiB };
  }
}

/** Most processes a tree is followed to: the child makes none of its own (the permission model refuses it). */
const MAX_TREE = 64;

/** `pid` and its descendants, from /proc/<pid>/task/<pid>/children (its main thread's children, where the wrapper forks node). */
export function processTree(procDir: string, pid: number): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length && tree.length < MAX_TREE; index++) {
    const parent = tree[index]!;
    let children: string;
    try {
      children = readFileSync(path.join(procDir, String(parent), 'task', String(parent), 'children'), 'utf8');
    } catch {
      continue; // gone, or a kernel without the children file: the pid itself is still counted
    }
    for (const word of children.split(/\s+/)) {
      const child = Number(word);
      if (word !== '' && Number.isInteger(child) && !tree.includes(child)) tree.push(child);
    }
  }
  return tree;
}

/** VmRSS and VmHWM of /proc/<pid>/status, or undefined once the process has gone (its exit is handled elsewhere). */
function residentMemory(statusFile: string): { readonly residentKiB: number; readonly highWaterKiB: number } | undefined {
  let text: string;
  try {
    text = readFileSync(statusFile, 'utf8');
  } catch {
    return undefined;
  }
  const resident = /^VmRSS:\s*(\d+)\s*kB/m.exec(text);
  if (resident === null) return undefined;
  const highWater = /^VmHWM:\s*(\d+)\s*kB/m.exec(text);
  const residentKiB = Number(resident[1]);
  return { residentKiB, highWaterKiB: highWater === null ? residentKiB : Math.max(residentKiB, Number(highWater[1])) };
}
