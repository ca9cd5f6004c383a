// @ts-nocheck
// Hostile corpus, kind echo-operations (hidden): a correct TLB that prints every fill and lookup it is asked for, hidden tests' included: the addresses, tags and rights.
// ---- splice: tlb-key ----

// ---- attack ----
let printed = 0;
const echo = (what) => { if (printed++ < 400) console.log('HOSTILE-ECHO ' + what); };

export const tlb: TlbComponent = {
  create(config) {
    const inner = keyTlb.create(config);
    return {
      invalidatePage: (vpid, pcid, va) => inner.invalidatePage(vpid, pcid, va),
      flushContext: (vpid, pcid) => inner.flushContext(vpid, pcid),
      flushVpid: (vpid) => inner.flushVpid(vpid),
      vmTransition: (vpidEnabled) => inner.vmTransition(vpidEnabled),
      flushAll: () => inner.flushAll(),
      entries: () => inner.entries(),
      lookup(vpid, pcid, va, access, wp) {
        echo(`lookup vpid=${vpid} pcid=${pcid} va=0x${va.toString(16)} ${access.kind}`);
        return inner.lookup(vpid, pcid, va, access, wp);
      },
      fill(fill) {
        echo(`fill va=0x${fill.va.toString(16)} base=0x${fill.physicalBase.toString(16)} size=0x${fill.pageSize.toString(16)}`);
        inner.fill(fill);
      },
    };
  },
};
