import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/**
 * The parent's view of a child's resident memory, from /proc/<pid>/status
 * (Linux). --max-old-space-size bounds only the JS heap: Buffers and
 * ArrayBuffers live outside it, so without /proc only the heap is bounded.
 */
export class RssWatch {
  private timer: NodeJS.Timeout | undefined;

  /** Polls every `periodMs` and calls `onExceeded` once when VmRSS passes `limitMiB`. */
  constructor(pid: number, limitMiB: number, onExceeded: () => void, procDir = '/proc', periodMs = 50) {
    const status = path.join(procDir, String(pid), 'status');
    if (!existsSync(procDir)) return;
    this.timer = setInterval(() => {
      const kib = residentKiB(status);
      if (kib !== undefined && kib > limitMiB * 1024) {
        this.stop();
        onExceeded();
      }
    }, periodMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function residentKiB(statusFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(statusFile, 'utf8');
  } catch {
    return undefined; // the child has gone: its exit is handled elsewhere
  }
  const match = /^VmRSS:\s*(\d+)\s*kB/m.exec(text);
  return match ? Number(match[1]) : undefined;
}
