import { frameNumber } from '../../../reference/addresses';
import { Components } from '../../../reference/components';
import { HiddenFaultHandler } from '../../../reference/hypervisor/shadow/hidden-fault-handler';
import { referenceHiddenFaultHandler } from '../../../reference/hypervisor/shadow/reference-hidden-fault-handler';
import { referenceShadowSync } from '../../../reference/hypervisor/shadow/reference-shadow-sync';
import { ShadowContext } from '../../../reference/hypervisor/shadow/shadow-context';
import { ShadowPageTables } from '../../../reference/hypervisor/shadow/shadow-page-tables';
import { ShadowSync } from '../../../reference/hypervisor/shadow/shadow-sync';
import { ENTRY_ADDRESS_MASK, PFERR_U, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';

/**
 * Shadow-paging components with one deliberate mistake each (the mistakes
 * students make), and designs that are correct but not the reference's
 * policy. Each is the reference with one thing changed, through the
 * interfaces only, so what differs is exactly the mistake named.
 */

const withSync = (sync: Partial<ShadowSync>): Components => ({ ...REFERENCE_COMPONENTS, shadowSync: { ...referenceShadowSync, ...sync } });
const withHandler = (handler: HiddenFaultHandler): Components => ({ ...REFERENCE_COMPONENTS, hiddenFaultHandler: handler });

/** Runs the reference handler on a context whose shadow tables have some methods replaced by `adapt`. */
function handlerOverShadow(adapt: (shadow: ShadowPageTables) => Partial<ShadowPageTables>): HiddenFaultHandler {
  return {
    handle(fault, context) {
      const shadow = context.shadow;
      const overrides: Partial<ShadowPageTables> = adapt(shadow);
      const adapted = new Proxy(shadow, {
        get(target, property) {
          if (property in overrides) return overrides[property as keyof ShadowPageTables];
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return referenceHiddenFaultHandler.handle(fault, { ...context, shadow: adapted });
    },
  };
}

/** The reference handler with the leaf it installs changed: `leaf(guestEntry, writable)` returns [guest entry to copy rights from, writable]. */
function handlerChangingLeaves(change: (guestEntry: bigint, writable: boolean) => [bigint, boolean]): HiddenFaultHandler {
  return handlerOverShadow((shadow) => ({
    setLeaf: (page, index, hostFrame, guestEntry, writable) => shadow.setLeaf(page, index, hostFrame, ...change(guestEntry, writable)),
  }));
}

export interface Variant {
  readonly name: string;
  /** The component the mistake is in. */
  readonly component: 'shadowSync' | 'hiddenFaultHandler';
  /** What the first difference a suite reports must speak of (matched against its field, expected, got and message). */
  readonly symptom: RegExp;
  readonly components: Components;
}

export const BUGGY_SYNCS: readonly Variant[] = [
  {
    name: 'sync that only emulates trapped stores (never zaps)',
    component: 'shadowSync',
    symptom: /stale|not be present|TLB flushes/,
    components: withSync({ pageTableWrite: (write, context) => context.guestMemory.writeEntry(write.address, write.value) }),
  },
  {
    name: 'sync whose invlpg forgets the TLB',
    component: 'shadowSync',
    symptom: /TLB/,
    components: withSync({
      invlpg(va, context) {
        const slot = context.shadow.leafSlot(va);
        if (slot !== null) context.shadow.zap(slot.page, slot.index);
      },
    }),
  },
  {
    name: 'sync that never flushes after unlinking a shadow table',
    component: 'shadowSync',
    symptom: /TLB flushes/,
    components: withSync({
      pageTableWrite(write, context) {
        context.guestMemory.writeEntry(write.address, write.value);
        const index = Number((write.address & 0xfffn) >> 3n);
        for (const page of [...context.shadow.shadowsOf(frameNumber(write.address))]) context.shadow.zap(page, index);
      },
    }),
  },
  {
    name: 'sync that keeps the TLB across CR3 loads',
    component: 'shadowSync',
    symptom: /TLB/,
    components: withSync({ cr3Write: (root, context) => referenceShadowSync.cr3Write(root, { ...context, tlb: { ...context.tlb, flushContext: () => undefined } }) }),
  },
  {
    name: 'sync that zaps but never emulates the trapped store',
    component: 'shadowSync',
    symptom: /stopped|guest's entry/,
    components: withSync({
      pageTableWrite(write, context) {
        const index = Number((write.address & 0xfffn) >> 3n);
        for (const page of [...context.shadow.shadowsOf(frameNumber(write.address))]) context.shadow.zap(page, index);
        context.tlb.flushAll();
      },
    }),
  },
];

export const BUGGY_HANDLERS: readonly Variant[] = [
  {
    name: 'handler that maps clean pages writable',
    component: 'hiddenFaultHandler',
    symptom: /clean|RW set/,
    components: withHandler(handlerChangingLeaves((guestEntry) => [guestEntry, (guestEntry & PTE_RW) !== 0n])),
  },
  {
    name: 'handler that drops US from the shadow leaf',
    component: 'hiddenFaultHandler',
    symptom: /kept answering 'fixed'/,
    components: withHandler(handlerChangingLeaves((guestEntry, writable) => [guestEntry & ~PTE_US, writable])),
  },
  {
    name: 'handler that makes every shadow leaf executable',
    component: 'hiddenFaultHandler',
    symptom: /NX|protection fault/,
    components: withHandler(handlerChangingLeaves((guestEntry, writable) => [guestEntry & ~PTE_NX, writable])),
  },
  {
    name: 'handler that injects without the U bit',
    component: 'hiddenFaultHandler',
    symptom: /error code/,
    components: withHandler({
      handle(fault, context) {
        const outcome = referenceHiddenFaultHandler.handle(fault, context);
        return outcome.kind === 'inject' ? { ...outcome, errorCode: outcome.errorCode & ~PFERR_U } : outcome;
      },
    }),
  },
  {
    name: 'handler that does not emulate A/D',
    component: 'hiddenFaultHandler',
    symptom: /accessed\/dirty bits differ/,
    components: withHandler({
      handle(fault, context) {
        const guestMemory = { ...context.guestMemory, writeEntry: () => undefined };
        // Stores other than A/D updates never come from the handler, so dropping them all drops exactly the A/D emulation.
        return referenceHiddenFaultHandler.handle(fault, { ...context, guestMemory });
      },
    }),
  },
  {
    name: 'handler that maps guest frames as host frames (no gPA→hPA)',
    component: 'hiddenFaultHandler',
    symptom: /host frame|backing|backed/,
    components: withHandler(
      handlerOverShadow((shadow) => ({
        setLeaf: (page, index, _hostFrame, guestEntry, writable) => shadow.setLeaf(page, index, frameNumber(guestEntry & ENTRY_ADDRESS_MASK), guestEntry, writable),
      })),
    ),
  },
];

/**
 * Correct, but not the reference's policy: a sync that updates a shadow leaf
 * in place on a trapped store (keeping it while the guest entry stays present
 * and accessed) and so has nothing to zap on invlpg. Guest-visible behaviour
 * and every rule hold; exits and shadow entries differ.
 */
export const UPDATE_IN_PLACE_SYNC: Components = withSync({
  pageTableWrite(write, context) {
    context.guestMemory.writeEntry(write.address, write.value);
    const index = Number((write.address & 0xfffn) >> 3n);
    let unlinkedTable = false;
    for (const page of [...context.shadow.shadowsOf(frameNumber(write.address))]) {
      if (page.level === 1 && keepsInPlace(write.value)) {
        if ((context.shadow.readEntry(page, index) & PTE_P) === 0n) continue;
        const hostFrame = context.guestMemory.backFrame(frameNumber(write.value & ENTRY_ADDRESS_MASK));
        context.shadow.setLeaf(page, index, hostFrame, write.value, (write.value & PTE_RW) !== 0n && (write.value & PTE_D) !== 0n);
      } else if (context.shadow.zap(page, index) === 'table') {
        unlinkedTable = true;
      }
    }
    if (unlinkedTable) context.tlb.flushAll();
  },
  invlpg(va, context) {
    context.tlb.invalidatePage(va);
  },
});

/** A leaf can be refreshed in place while it stays present and accessed: a cleared A must be seen set again by the next access. */
function keepsInPlace(guestEntry: bigint): boolean {
  return (guestEntry & PTE_P) !== 0n && (guestEntry & PTE_A) !== 0n;
}

/** Correct, but without the root cache: every CR3 load empties the previous shadow root, so switching back rebuilds it. */
export const NO_ROOT_CACHE_SYNC: Components = withSync({
  cr3Write(root, context: ShadowContext) {
    const previous = context.shadow.active;
    if (previous !== null) for (const [index] of context.shadow.presentEntriesOf(previous)) context.shadow.zap(previous, index);
    return referenceShadowSync.cr3Write(root, context);
  },
});
