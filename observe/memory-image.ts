import { hex } from '../reference/addresses';
import { HexString, MemoryImage } from './probe-types';

/** A probe's sparse memory as a map from address to word; absent words read as zero. */
export class ImageMemory {
  private readonly words = new Map<bigint, bigint>();

  constructor(image: MemoryImage = {}) {
    for (const [address, value] of Object.entries(image)) this.words.set(parseHex(address), parseHex(value));
  }

  readEntry(address: bigint): bigint {
    return this.words.get(address) ?? 0n;
  }

  writeEntry(address: bigint, value: bigint): void {
    if (value === 0n) this.words.delete(address);
    else this.words.set(address, value);
  }

  /** The image back as probe data, addresses in ascending order so files diff cleanly. */
  toImage(): MemoryImage {
    const sorted = [...this.words.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(sorted.map(([address, value]) => [hex(address), hex(value)]));
  }
}

/** "0x1f" → 31n. Probe files are schema-checked, so a malformed value is a bug in whoever built the probe. */
export function parseHex(text: HexString): bigint {
  if (!/^0x[0-9a-fA-F]+$/.test(text)) throw new Error(`not a hex number: ${JSON.stringify(text)}`);
  return BigInt(text);
}
