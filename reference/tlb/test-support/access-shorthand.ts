import { Access, AccessKind, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../paging/rights';

/** Short names for the rights and accesses the TLB tests spell out case by case. */
export const R = RIGHT_READ;
export const W = RIGHT_WRITE;
export const X = RIGHT_EXECUTE;
export const U = RIGHT_USER;
export const user = (kind: AccessKind): Access => ({ kind, user: true });
export const supervisor = (kind: AccessKind): Access => ({ kind, user: false });
