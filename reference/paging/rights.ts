/**
 * Access rights as a small bit set, so rights combine over the levels of a walk
 * with a single AND (x86 RW and US are ANDed; NX is ORed, i.e. X is ANDed) and
 * so EPT and x86 entries can be compared on one scale.
 */
export const RIGHT_READ = 1;
export const RIGHT_WRITE = 2;
export const RIGHT_EXECUTE = 4;
export const RIGHT_USER = 8;
export const ALL_RIGHTS = RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE | RIGHT_USER;
export const NO_RIGHTS = 0;

export type AccessKind = 'read' | 'write' | 'fetch';

/** One memory access as the MMU sees it. */
export interface Access {
  readonly kind: AccessKind;
  /** CPL 3 (user mode); false for supervisor accesses. */
  readonly user: boolean;
  /**
   * EFLAGS.AC at the access: with CR4.SMAP set, AC = 1 lets an explicit
   * supervisor data access use user pages. Absent: 0. Means nothing for a
   * user access or a fetch.
   */
  readonly ac?: boolean;
  /**
   * An implicit supervisor-mode access (one the processor makes itself, such
   * as a read of a descriptor table): CR4.SMAP forbids it user pages whatever
   * EFLAGS.AC says. Only with `user` false. Absent: an explicit access.
   */
  readonly implicit?: boolean;
}

export function describeRights(rights: number): string {
  return (
    (rights & RIGHT_READ ? 'r' : '-') +
    (rights & RIGHT_WRITE ? 'w' : '-') +
    (rights & RIGHT_EXECUTE ? 'x' : '-') +
    (rights & RIGHT_USER ? 'u' : 's')
  );
}
