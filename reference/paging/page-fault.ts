import { PFERR_ID, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W } from './constants';
import { Access } from './rights';
import { TableWalkFault } from './walk-types';

/**
 * The #PF error code of a failed x86 walk (SDM 4.7): P is clear only for a
 * not-present entry; RSVD for a reserved bit (with P set); I/D only when NX is
 * enabled. Examples from DOMAIN.md: user write to a present read-only page 0x7,
 * user read of a not-present page 0x4, user fetch from an NX page 0x15.
 */
export function pageFaultErrorCode(fault: TableWalkFault, access: Access, nxe: boolean): number {
  if (fault.kind === 'access-failed') {
    throw new Error('vmlab internal error: a failed entry access is not a #PF');
  }
  let code = 0;
  if (fault.kind !== 'not-present') code |= PFERR_P;
  if (fault.kind === 'reserved') code |= PFERR_RSVD;
  if (access.kind === 'write') code |= PFERR_W;
  if (access.user) code |= PFERR_U;
  if (access.kind === 'fetch' && nxe) code |= PFERR_ID;
  return code;
}

/** Names of the set bits of a #PF error code, for reports. */
export function describePageFaultErrorCode(code: number): string[] {
  const names: string[] = [];
  names.push(code & PFERR_P ? 'P (protection)' : 'P=0 (not present)');
  if (code & PFERR_W) names.push('W (write)');
  if (code & PFERR_U) names.push('U (user)');
  if (code & PFERR_RSVD) names.push('RSVD (reserved bit)');
  if (code & PFERR_ID) names.push('I/D (instruction fetch)');
  return names;
}
