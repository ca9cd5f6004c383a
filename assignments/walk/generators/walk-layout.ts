import { hex } from '../../../reference/addresses';
import { PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { levelPageSize, tableIndex } from '../../../reference/paging/geometry';
import { ImageMemory } from '../../../observe/memory-image';
import { WalkProbe, WalkProbeAccess, WalkProbeControl } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';

/**
 * Where the walk generators put things: random table frames, leaf frames and
 * virtual addresses, and the probe built from them. Addresses are drawn from
 * the whole physical space below MAXPHYADDR (46 bits) half the time, so a
 * walker that keeps addresses in 32 bits, or masks entries with the wrong
 * width, shows it.
 */

/** A present, writable, user entry: a table pointer that restricts nothing. */
export const OPEN = PTE_P | PTE_RW | PTE_US;

export const MAX_PHYSICAL_ADDRESS_BITS = 46n;
const LOW_MEMORY = 1n << 32n;
const PHYSICAL_LIMIT = 1n << MAX_PHYSICAL_ADDRESS_BITS;

/** A uniformly random non-negative bigint below 2^bits. */
export function randomBits(random: Random, bits: bigint): bigint {
  let value = 0n;
  for (let filled = 0n; filled < bits; filled += 32n) value = (value << 32n) | BigInt(random.uint32());
  return value & ((1n << bits) - 1n);
}

/** A physical address aligned to `alignment`: below 4 GiB half the time, anywhere below 2^46 otherwise. */
export function randomPhysicalAddress(random: Random, alignment: bigint = 4096n): bigint {
  const limit = random.chance(0.5) ? LOW_MEMORY : PHYSICAL_LIMIT;
  return (randomBits(random, 46n) % limit) & ~(alignment - 1n);
}

/** Bits of the virtual address a walk translates: 48 with 4 levels, 57 with 5 (bits above repeat the top one). */
export function addressBits(levels: 4 | 5): bigint {
  return levels === 4 ? 48n : 57n;
}

/** Sign-extend bit `bits - 1` through bit 63: the canonical form of an address. */
export function signExtend(address: bigint, bits: bigint): bigint {
  const low = address & ((1n << bits) - 1n);
  return (low >> (bits - 1n)) & 1n ? low | (((1n << 64n) - 1n) & ~((1n << bits) - 1n)) : low;
}

/** Is the 64-bit `address` canonical under this paging depth? */
export function isCanonical(address: bigint, levels: 4 | 5): boolean {
  return signExtend(address, addressBits(levels)) === address;
}

/** A canonical address: the lower (user) half three times in four, else the upper (kernel) half. */
export function randomCanonicalVa(random: Random, levels: 4 | 5, half: 'lower' | 'upper' = random.chance(0.75) ? 'lower' : 'upper'): bigint {
  const bits = addressBits(levels);
  const low = randomBits(random, bits - 1n);
  return half === 'lower' ? low : signExtend(low | (1n << (bits - 1n)), bits);
}

/**
 * One translation path: the address, and a separate random table frame for
 * each level (`tables[level]`; `tables[levels]` is the root). Entries are
 * given whole, so a generator can set any bit, reserved ones included.
 */
export class PathLayout {
  private constructor(
    readonly levels: 4 | 5,
    readonly va: bigint,
    private readonly tables: readonly bigint[],
  ) {}

  static random(random: Random, levels: 4 | 5, va: bigint): PathLayout {
    const tables: bigint[] = [0n];
    while (tables.length <= levels) {
      const frame = randomPhysicalAddress(random);
      if (!tables.includes(frame)) tables.push(frame);
    }
    return new PathLayout(levels, va, tables);
  }

  /** The same path with the table of `level` moved to `base`. */
  withTable(level: number, base: bigint): PathLayout {
    return new PathLayout(this.levels, this.va, this.tables.map((table, at) => (at === level ? base : table)));
  }

  get root(): bigint {
    return this.tables[this.levels];
  }

  /** Base of the table read at `level`. */
  table(level: number): bigint {
    return this.tables[level];
  }

  entryAddress(level: number): bigint {
    return this.tables[level] + 8n * BigInt(tableIndex(this.va, level));
  }

  /**
   * A well-formed path from the root down to a leaf at `leafLevel` mapping
   * `frame`: table pointers to the next level's table, the leaf with PS when
   * large; each entry also gets `flags(level)`.
   */
  pathEntries(leafLevel: number, frame: bigint, flags: (level: number) => bigint): Map<number, bigint> {
    const entries = new Map<number, bigint>();
    for (let level = this.levels; level > leafLevel; level--) entries.set(level, this.tables[level - 1] | flags(level));
    entries.set(leafLevel, frame | flags(leafLevel) | (leafLevel > 1 ? PTE_PS : 0n));
    return entries;
  }

  /** The probe that walks this path with `entries` (by level) in memory. */
  probe(entries: ReadonlyMap<number, bigint>, access: WalkProbeAccess, control: Omit<WalkProbeControl, 'levels'>): WalkProbe {
    const memory = new ImageMemory();
    for (const [level, entry] of entries) memory.writeEntry(this.entryAddress(level), entry);
    return walkProbe(memory, this.root, this.va, access, { ...control, levels: this.levels });
  }
}

/** A frame for a leaf at `leafLevel`: aligned to its page size (4 KiB, 2 MiB, 1 GiB). */
export function randomFrame(random: Random, leafLevel: number): bigint {
  return randomPhysicalAddress(random, levelPageSize(leafLevel));
}

export function walkProbe(memory: ImageMemory, root: bigint, va: bigint, access: WalkProbeAccess, control: WalkProbeControl): WalkProbe {
  return { kind: 'walk', control, root: hex(root), va: hex(va), access, memory: memory.toImage() };
}
