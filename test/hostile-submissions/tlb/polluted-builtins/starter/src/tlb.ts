// @ts-nocheck
// Hostile corpus, kind polluted-builtins (judge): at load, makes Number.isInteger, Array.isArray and Array.prototype.every always true, sort a no-op, and every object's toJSON a hit, then answers garbage.
import { TlbComponent } from '../../reference/tlb/tlb-component';

// ---- attack ----
Number.isInteger = () => true;
Number.isSafeInteger = () => true;
Array.isArray = () => true;
Array.prototype.every = function () { return true; };
Array.prototype.sort = function () { return this; };
Object.defineProperty(Object.prototype, 'toJSON', { configurable: true, value() { return this && 'op' in this ? { hit: true } : this; } });

export const tlb: TlbComponent = {
  create() {
    return {
      lookup: () => ({ vpid: 'any', pcid: 'any', global: 'yes', va: 'x', pageBase: 'x', pageSize: 'x', physicalBase: 'x', rights: 'rwxu', dirty: 'yes' }),
      fill() {},
      invalidatePage: () => 'all',
      flushContext: () => 'all',
      flushVpid: () => 'all',
      vmTransition: () => 'all',
      flushAll: () => 'all',
      entries: () => 'everything',
    };
  },
};
