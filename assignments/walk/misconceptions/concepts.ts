/** The lecture concepts the walk's misconceptions belong to (the lecture: "TLBs filled by a hardware page table walker"). */
export const CONCEPTS = {
  walk: 'Address translation: the hardware page-table walk',
  largePages: 'Address translation: large pages end the walk early',
  permissions: 'Permission checks in a multi-level walk',
  malformed: 'Malformed entries and addresses: what the walker refuses before any rights',
  accessedDirty: 'Page-table accessed and dirty bits',
  protections: 'Supervisor protections of user pages: SMEP, SMAP and protection keys',
} as const;
