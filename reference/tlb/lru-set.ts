/**
 * A small fully associative cache of keys with least-recently-used
 * replacement, each key carrying a numeric tag (a VPID, a VM) so a whole tag
 * can be flushed at once. The hardware structures it models hold tens of
 * entries, so flushing by a scan is cheap.
 */
export class LruSet {
  /** Key → tag, in use order: a Map iterates in insertion order, so the first key is the least recent. */
  private readonly tags = new Map<string, number>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.tags.size;
  }

  /** Whether `key` is cached; a hit becomes the most recently used. */
  lookup(key: string): boolean {
    const tag = this.tags.get(key);
    if (tag === undefined) return false;
    this.tags.delete(key);
    this.tags.set(key, tag);
    return true;
  }

  /** Cache `key` as the most recently used, evicting the least recent when full. */
  insert(key: string, tag: number): void {
    if (this.capacity === 0) return;
    this.tags.delete(key);
    if (this.tags.size >= this.capacity) this.tags.delete(this.tags.keys().next().value as string);
    this.tags.set(key, tag);
  }

  /** Drop every key of `tag`; returns how many. */
  flushTag(tag: number): number {
    let dropped = 0;
    for (const [key, keyTag] of this.tags) {
      if (keyTag === tag) {
        this.tags.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.tags.clear();
  }
}
