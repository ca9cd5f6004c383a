import { hex } from '../../../reference/addresses';
import { MachineProbe } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';
import { MachineOptions, PageSizeName, Prot, ScenarioEvent } from '../../../reference/scenario/types';

export const PAGE = 0x1000;
const WORDS_PER_PAGE = 1024;

/**
 * Where shaped scenarios put their regions: user-space areas under different
 * PML4 entries (0, 254, 255) and, within PML4 entry 0, under different PDPT
 * and PD entries, so building and tearing down regions writes guest
 * page-table entries at every level.
 */
export const AREAS: readonly number[] = [0x400000, 0x10000000, 0x40000000, 0x7f0000000000, 0x7ffff0000000];

/** Another PD and PDPT inside an area's PML4 entry: 2 MiB and 1 GiB further. */
export const PD_STRIDE = 0x200000;
export const PDPT_STRIDE = 0x40000000;

/**
 * A scenario written event by event, for one VM in shadow mode, with the
 * books a test writer needs: which process runs what, and random words and
 * values from the generator's seed. Every method appends one event.
 */
export class ShadowScenarioBuilder {
  private readonly events: ScenarioEvent[] = [];

  constructor(readonly random: Random) {}

  spawn(pid: number): this {
    return this.push({ op: 'spawn', pid });
  }
  exit(pid: number): this {
    return this.push({ op: 'exit', pid });
  }
  fork(pid: number, child: number): this {
    return this.push({ op: 'fork', pid, child });
  }
  /** `pageSize` maps the region with large pages ('2M', '1G'); left out, 4 KiB pages. */
  mmap(pid: number, va: number, pages: number, prot: Prot, pageSize?: PageSizeName): this {
    return this.push({ op: 'mmap', pid, va: hex(va), pages, prot, ...(pageSize === undefined ? {} : { pageSize }) });
  }
  munmap(pid: number, va: number, pages: number): this {
    return this.push({ op: 'munmap', pid, va: hex(va), pages });
  }
  mprotect(pid: number, va: number, pages: number, prot: Prot): this {
    return this.push({ op: 'mprotect', pid, va: hex(va), pages, prot });
  }
  /** A read of a random word of the page at `page`. */
  read(pid: number, page: number): this {
    return this.push({ op: 'read', pid, va: this.word(page) });
  }
  /** A write of a random value to a random word of the page at `page`. */
  write(pid: number, page: number): this {
    return this.push({ op: 'write', pid, va: this.word(page), value: this.random.uint32() });
  }
  exec(pid: number, page: number): this {
    return this.push({ op: 'exec', pid, va: this.word(page) });
  }
  inspect(pid: number, page: number): this {
    return this.push({ op: 'inspect', pid, va: hex(page) });
  }
  clearAd(pid: number, page: number): this {
    return this.push({ op: 'clear-ad', pid, va: hex(page) });
  }

  /** The access a page's protection allows, picked at random (a read, or a write/exec when allowed). */
  allowedAccess(pid: number, page: number, prot: Prot): this {
    const choices: Array<'read' | 'write' | 'exec'> = ['read'];
    if (prot.includes('w')) choices.push('write');
    if (prot.includes('x')) choices.push('exec');
    const op = this.random.pick(choices);
    return op === 'read' ? this.read(pid, page) : op === 'write' ? this.write(pid, page) : this.exec(pid, page);
  }

  get length(): number {
    return this.events.length;
  }

  /** The scenario as a shadow-mode machine probe; `machine` adds options (guest memory for 1 GiB pages). */
  probe(name: string, snapshots: MachineProbe['snapshots'], machine: Omit<MachineOptions, 'mode'> = {}): MachineProbe {
    return { kind: 'machine', snapshots, scenario: { name, machine: { mode: 'shadow', ...machine }, events: [...this.events] } };
  }

  private word(page: number): string {
    return hex(page + this.random.int(0, WORDS_PER_PAGE - 1) * 4);
  }

  private push(event: ScenarioEvent): this {
    this.events.push(event);
    return this;
  }
}

/** A random page-aligned start inside `area` leaving room for `pages` pages (areas are 64 pages here). */
export function pageIn(random: Random, area: number, pages = 1): number {
  return area + random.int(0, 64 - pages) * PAGE;
}

/** The pages of a region, as addresses. */
export function pagesOf(start: number, pages: number): number[] {
  return Array.from({ length: pages }, (_, i) => start + i * PAGE);
}

/** The items in a random order (Fisher–Yates). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
