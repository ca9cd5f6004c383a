import { Gpa, Gva } from '../addresses';

/**
 * What the guest kernel can do to the machine below it. In `native` mode this
 * is the bare hardware; under a hypervisor it is the virtual hardware, and the
 * hypervisor decides which of these operations trap (shadow paging intercepts
 * CR3 writes, invlpg and writes to write-protected page-table pages; EPT
 * intercepts none of them).
 *
 * The kernel reaches guest-physical memory through its direct map; those
 * kernel accesses are not run through the simulated TLB (a model choice: the
 * experiments are about user-mode translation).
 */
export interface GuestPlatform {
  readEntry(address: Gpa): bigint;
  writeEntry(address: Gpa, value: bigint): void;
  /** Zero-fill a frame being handed out again (demand paging, new page tables). */
  zeroFrame(frame: number): void;
  /** Copy a whole frame (fork's eager copy). */
  copyFrame(fromFrame: number, toFrame: number): void;
  /** MOV CR3: load a process's page-table root, or null for the kernel's own idle context. */
  loadCr3(root: Gpa | null): void;
  /** INVLPG: drop the TLB's translation of one page of the current address space. */
  invlpg(va: Gva): void;
}
