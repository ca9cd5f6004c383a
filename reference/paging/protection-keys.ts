import { PKRU_AD_SHIFT, PKRU_WD_SHIFT, PTE_PKEY_SHIFT } from './constants';
import { Access } from './rights';

/** The protection key of a leaf entry: bits 62:59 (SDM 4.6.2). */
export function protectionKeyOf(leaf: bigint): number {
  return Number((leaf >> PTE_PKEY_SHIFT) & 0xfn);
}

/** What PKRU and CR0.WP say about keys (the caller has checked CR4.PKE). */
export interface ProtectionKeyControl {
  readonly pkru: number;
  readonly wp: boolean;
}

/**
 * Does PKRU forbid this access to a page with this key (SDM 4.6.2, 4.6.1)?
 * Only data accesses to user pages are checked, by user and supervisor alike:
 * AD of the key forbids every data access; WD forbids writes by a user
 * access, and by a supervisor access only while CR0.WP is set. Fetches are
 * never checked. Also what sets the PK bit of the #PF error code (SDM 4.7).
 */
export function protectionKeyForbids(control: ProtectionKeyControl, access: Access, key: number, userPage: boolean): boolean {
  if (!userPage || access.kind === 'fetch') return false;
  if (((control.pkru >>> (PKRU_AD_SHIFT + 2 * key)) & 1) !== 0) return true;
  const writeDisabled = ((control.pkru >>> (PKRU_WD_SHIFT + 2 * key)) & 1) !== 0;
  return writeDisabled && access.kind === 'write' && (access.user || control.wp);
}
