// @ts-nocheck
// Hostile corpus, kind print-hidden-probes (hidden): prints each hidden walk it is asked for (an address outside the public suite, above 4 GiB, where the TLB scenarios never go): a sentinel, the address and the request.
// ---- splice: walk-key ----

// ---- attack ----
/** The public suite's addresses (its README ships them): any other address is a hidden or after-due-date test's. */
const PUBLIC_VAS = new Set(["0x7f1234567abc","0x17f1234567abc","0x123456789010","0x7f1234566abc","0x800000000000","0xffff800000000000","0x1e1588822a08","0xffffd29b2fdd10b6","0x61be0019583d","0x523aaab226c8","0x2d24438a38f1","0x5a0bd83687bb","0x4c95d9d5a84d","0x7ad18befc73c","0xffffc8360d032f83","0xffffa602e9120717","0x6fd4bcdd1e8a","0xffffe455712cb7ad","0x6222ae0f1a23","0x20d1f0eac752","0x5f7f097ab60d","0x4fc4b67b015f","0xffffbf783491dcd0","0xffffe9f553c3a15c","0x3e84004589be","0x21141ae0fdfa","0x55c8007972de","0x40fc0056cbe5","0x480000631add","0x6dc814e32260"]);
const isSecret = (va) => !PUBLIC_VAS.has('0x' + va.toString(16));

const printed = new Set();

export const walker: Walker = {
  walk(request, readEntry) {
    if (isSecret(request.va) && request.va > 0xffffffffn && printed.size < 200 && !printed.has(request.va)) { printed.add(request.va); console.log('HOSTILE-HIDDEN va=0x' + request.va.toString(16) + ' root=0x' + request.root.toString(16) + ' ' + JSON.stringify(request.access)); }
    return keyWalker.walk(request, readEntry);
  },
};
