import { Misconception } from '../../framework/misconception';
import { CONCEPTS } from './concepts';
import { keptEntry, lostEntry, tlbCase } from './symptoms';
import { anotherVmsTranslation } from './machine-symptoms';

/** Tags: VPIDs, PCIDs and global pages. */

export const TAG_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'global-entry-crosses-vpids',
    rule: 'vpid-tags',
    title: 'A global entry served another VPID: global means every PCID of its own VM, not every VM',
    explanation: "The G bit says a page is mapped alike in every process of one guest (its kernel), so a global entry ignores the PCID; it still belongs to its VPID, since another VM's kernel maps the same addresses to other frames. Compare the VPID for global entries too.",
    concept: CONCEPTS.tags,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const kept = c && keptEntry(c);
      return kept?.lookup !== undefined && kept.entry.global && kept.entry.vpid !== kept.lookup.vpid;
    },
  },
  {
    id: 'lookup-ignores-vpid',
    rule: 'vpid-tags',
    title: "Lookups ignore the VPID: one VM's translation served another VM",
    explanation: "With VPIDs every entry is tagged with the VM it belongs to, and a lookup hits only entries of its own VPID: that is what lets a VM switch keep the TLB. A hit on another VM's entry gives the guest the other VM's memory.",
    concept: CONCEPTS.vpids,
    recognise: (failed) => {
      const c = tlbCase(failed);
      if (c === undefined) return anotherVmsTranslation(failed);
      const kept = keptEntry(c);
      return kept?.lookup !== undefined && kept.entry.vpid !== kept.lookup.vpid;
    },
  },
  {
    id: 'lookup-ignores-pcid',
    rule: 'pcid-tags',
    title: "Lookups ignore the PCID: one process's non-global translation served another process",
    explanation: 'A non-global entry belongs to the process whose PCID it was filled under: a lookup hits it only with that PCID (and VPID). Only global entries serve every PCID.',
    concept: CONCEPTS.tags,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const kept = c && keptEntry(c);
      return kept?.lookup !== undefined && kept.entry.vpid === kept.lookup.vpid && kept.entry.pcid !== kept.lookup.pcid && !kept.entry.global;
    },
  },
  {
    id: 'global-entry-serves-own-pcid-only',
    rule: 'global-every-pcid',
    title: 'A global entry served only the PCID it was filled under: the G bit is ignored by lookups',
    explanation: 'The G bit marks a page mapped alike in every process (the kernel): its entry serves every PCID of its VPID, so a lookup with another PCID must hit it. Match the PCID only for non-global entries.',
    concept: CONCEPTS.tags,
    recognise: (failed) => {
      const c = tlbCase(failed);
      const lost = c && lostEntry(c);
      return lost?.lookup !== undefined && lost.entry.global && lost.entry.pcid !== lost.lookup.pcid;
    },
  },
];
