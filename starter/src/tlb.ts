import { TlbComponent } from '../../reference/tlb/tlb-component';

/**
 * Your TLB (the assignment's README says exactly what to do): `create` builds
 * each TLB of the machine, an empty cache of `config.entries` translations in
 * sets of `config.ways` ways, and the hardware calls its methods on every
 * access, walk, invlpg, CR3 write, INVVPID and VM entry or exit.
 */
export const tlb: TlbComponent = {
  create(_config) {
    return {
      lookup(_vpid, _pcid, _va, _access, _wp) {
        throw new Error('not implemented: tlb');
      },
      fill(_fill) {
        throw new Error('not implemented: tlb');
      },
      invalidatePage(_vpid, _pcid, _va) {
        throw new Error('not implemented: tlb');
      },
      flushContext(_vpid, _pcid) {
        throw new Error('not implemented: tlb');
      },
      flushVpid(_vpid) {
        throw new Error('not implemented: tlb');
      },
      vmTransition(_vpidEnabled) {
        throw new Error('not implemented: tlb');
      },
      flushAll() {
        throw new Error('not implemented: tlb');
      },
      entries() {
        throw new Error('not implemented: tlb');
      },
    };
  },
};
