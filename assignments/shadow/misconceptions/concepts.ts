import { FailedCase, Misconception } from '../../framework/misconception';
import { ComponentName } from '../../../reference/components';
import { MachineSymptom, onMachine } from './symptoms';

/** The lecture's concepts (shared lecture notes, "Virtualizing memory without hardware support") the shadow misconceptions belong to. */
export const CONCEPT = {
  hiddenFaults: 'Hidden page faults: the hypervisor fills the shadow table on a fault the guest never sees',
  trueFaults: "True guest faults: a fault the guest's own tables call for goes to the guest",
  accessedDirty: 'Accessed and dirty bits under shadow paging: set by the hypervisor, as the hardware would',
  twoTranslations: 'Two translations in one: the guest maps gVA to gPA, the hypervisor gPA to hPA',
  trapping: "Trapping the guest's page-table writes: guest tables are read-only to the guest",
  tlb: 'TLB invalidation: invlpg and the CR3 load on a context switch',
  perProcess: 'Every guest process needs its own shadow page table (2× page-table memory)',
} as const;

/** A misconception of one component, recognised on machine cases: the catalogue's entries are written with it. */
export function misconception(
  component: ComponentName,
  fields: Omit<Misconception, 'component' | 'recognise'> & { readonly recognise: (symptom: MachineSymptom, failed: FailedCase) => boolean },
): Misconception {
  const { recognise, ...rest } = fields;
  return { ...rest, component, recognise: (failed) => onMachine((symptom) => recognise(symptom, failed))(failed) };
}
