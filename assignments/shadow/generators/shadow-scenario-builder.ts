import { MachineProbe } from '../../../observe/probe-types';
import { ScenarioBuilder } from '../../../reference/scenario/builder';
import { Random } from '../../../reference/scenario/random';
import { MachineOptions, Prot } from '../../../reference/scenario/types';

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
 * A shadow-mode scenario of one VM, written event by event, with what the
 * shaped generators add to the scenario builder: accesses to a random word of
 * a page and random values, drawn from the generator's seed, and the scenario
 * as a machine probe.
 */
export class ShadowScenarioBuilder extends ScenarioBuilder {
  /** `name` and `machine` (shadow mode is always set; other options add to it, e.g. guest memory for 1 GiB pages) go into the probe. */
  constructor(
    readonly random: Random,
    name: string,
    machine: Omit<MachineOptions, 'mode'> = {},
  ) {
    super({ name, machine: { mode: 'shadow', ...machine } });
  }

  /** A read of a random word of the page at `page`. */
  readWord(pid: number, page: number): this {
    return this.read(pid, this.word(page));
  }
  /** A write of a random value to a random word of the page at `page`. */
  writeWord(pid: number, page: number): this {
    return this.write(pid, this.word(page), this.random.uint32());
  }
  execWord(pid: number, page: number): this {
    return this.exec(pid, this.word(page));
  }

  /** The access a page's protection allows, picked at random (a read, or a write/exec when allowed). */
  allowedAccess(pid: number, page: number, prot: Prot): this {
    const choices: Array<'read' | 'write' | 'exec'> = ['read'];
    if (prot.includes('w')) choices.push('write');
    if (prot.includes('x')) choices.push('exec');
    const op = this.random.pick(choices);
    return op === 'read' ? this.readWord(pid, page) : op === 'write' ? this.writeWord(pid, page) : this.execWord(pid, page);
  }

  /** The scenario as a machine probe. */
  probe(snapshots: MachineProbe['snapshots']): MachineProbe {
    return { kind: 'machine', snapshots, scenario: this.build() };
  }

  private word(page: number): number {
    return page + this.random.int(0, WORDS_PER_PAGE - 1) * 4;
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
  return random.shuffled(items);
}
