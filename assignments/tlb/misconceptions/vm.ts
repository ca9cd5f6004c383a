import { Misconception } from '../../framework/misconception';
import { CONCEPTS } from './concepts';
import { machineCase, missWhereReferenceHit, hitWhereReferenceMissed, vmSwitchedSinceLastTouch } from './machine-symptoms';
import { overreaches, spares } from './invalidation';
import { tlbCase, TlbCase } from './symptoms';

/** VM transitions with and without VPIDs, INVVPID and flushAll. */

function tlb(test: (c: TlbCase) => boolean): Misconception['recognise'] {
  return (failed) => {
    const c = tlbCase(failed);
    return c !== undefined && test(c);
  };
}

const vpidsOn = (operation: { op: string; vpidEnabled?: boolean }) => operation.op === 'vm-transition' && operation.vpidEnabled === true;
const vpidsOff = (operation: { op: string; vpidEnabled?: boolean }) => operation.op === 'vm-transition' && operation.vpidEnabled === false;

export const VM_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'vm-transition-flushes-with-vpids',
    rule: 'vm-transition-flush',
    title: 'VM entries and exits flush the TLB even with VPIDs on',
    explanation: "With VPIDs each VM's entries carry its own tag and no other VM can use them, so a VM entry or exit drops nothing: that is the point of VPIDs (no need to flush the TLB when you switch VMs). Only without VPIDs must every transition drop every entry.",
    concept: CONCEPTS.vpids,
    recognise: tlb(overreaches('vm-transition', [(operation) => vpidsOn(operation)])),
  },
  {
    id: 'vm-transition-never-flushes',
    rule: 'vm-transition-flush',
    title: 'VM entries and exits never flush the TLB, even without VPIDs',
    explanation: "Without VPIDs every entry carries VPID 0, whichever VM or the hypervisor filled it: the hardware cannot tell them apart, so every VM entry or exit must drop them all, or a VM would use another's translations.",
    concept: CONCEPTS.vpids,
    recognise: (failed) => {
      const c = tlbCase(failed);
      if (c !== undefined) return spares('vm-transition', [(operation) => vpidsOff(operation)])(c);
      const m = machineCase(failed);
      return m !== undefined && !m.vpids && hitWhereReferenceMissed(m) && vmSwitchedSinceLastTouch(m);
    },
  },
  {
    id: 'invvpid-spares-globals',
    rule: 'invvpid-scope',
    title: 'INVVPID spares global entries',
    explanation: "INVVPID (single context) drops every entry of its VPID, in every PCID, global ones included: the hypervisor runs it after changing that VM's nested tables, which every translation of the VM, kernel pages too, went through.",
    concept: CONCEPTS.vpids,
    recognise: tlb(spares('invvpid', [(_operation, entry) => entry.global])),
  },
  {
    id: 'invvpid-wrong-scope',
    rule: 'invvpid-scope',
    title: 'INVVPID dropped entries of other VPIDs, or kept some of its own',
    explanation: 'INVVPID drops exactly the entries of its VPID, whatever their PCID and G bit, and nothing of any other VPID; flushAll drops every entry.',
    concept: CONCEPTS.vpids,
    recognise: tlb((c) => overreaches('invvpid', [(operation, entry) => 'vpid' in operation && entry.vpid !== operation.vpid])(c) || spares('invvpid', [() => true])(c) || spares('flush-all', [() => true])(c)),
  },
  {
    id: 'vpid-translations-lost-across-vm-switches',
    rule: 'machine-counts',
    title: "With VPIDs on, a VM's translations did not survive a switch to another VM and back",
    explanation: "With VPIDs nothing drops a VM's entries when the CPU switches VMs: not the VM entry or exit, nor the other VM's CR3 writes (they concern its own VPID). They leave only when their set is full and LRU evicts them, so a TLB large enough for both VMs' pages keeps every walk away.",
    concept: CONCEPTS.vpids,
    recognise: (failed) => {
      const m = machineCase(failed);
      return m !== undefined && m.vpids && missWhereReferenceHit(m) && vmSwitchedSinceLastTouch(m);
    },
  },
  {
    id: 'stale-translation-across-vm-switches',
    rule: 'machine-counts',
    title: 'A translation survived a VM switch that should have dropped it',
    explanation: "Without VPIDs, every VM entry and exit must empty the TLB (all entries carry VPID 0); with them, a VM's own invlpg and CR3 writes still drop its stale entries. An access that hits where the reference's walks used a translation that should be gone.",
    concept: CONCEPTS.vpids,
    recognise: (failed) => {
      const m = machineCase(failed);
      return m !== undefined && hitWhereReferenceMissed(m) && vmSwitchedSinceLastTouch(m);
    },
  },
];
