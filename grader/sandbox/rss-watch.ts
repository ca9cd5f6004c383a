import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/**
 * The parent's view of a child's resident memory, from /proc/<pid>/status
 * (Linux). --max-old-space-size bounds only the JS heap: Buffers and
 * ArrayBuffers live outside it, so without /proc only the heap is bounded.
 */
export class RssWatch {
  private readonly status: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private peakKiB: number | undefined;

  /** Polls every `periodMs` and calls `onExceeded` once when VmRSS passes `limitMiB`. */
  constructor(pid: number, limitMiB: number, onExceeded: () => void, procDir = '/proc', periodMs = 50) {
    if (!existsSync(procDir)) return;
    this.status = path.join(procDir, String(pid), 'status');
    this.timer = setInterval(() => {
      const kib = this.sample()?.residentKiB;
      if (kib !== undefined && kib > limitMiB * 1024) {
        this.stop();
        onExceeded();
      }
    }, periodMs);
  }

  /**
   * The most the child has had resident, as far as this watch saw: the
   * kernel's high-water mark (VmHWM) at its last look, so growth between two
   * polls counts too. Undefined without /proc, or if it never looked.
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
    const memory = this.status === undefined ? undefined : residentMemory(this.status);
    if (memory === undefined) return undefined;
    this.peakKiB = Math.max(this.peakKiB ?? 0, memory.highWaterKiB);
    return memory;
  }
}

/** VmRSS and VmHWM of /proc/<pid>/status, or undefined once the child has gone (its exit is handled elsewhere). */
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
