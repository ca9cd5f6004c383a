import { PFERR_ID, PFERR_P, PFERR_PK, PFERR_RSVD, PFERR_U, PFERR_W, PTE_US } from './constants';
import { protectionKeyForbids, protectionKeyOf } from './protection-keys';
import { Access } from './rights';
import { TableWalkFault, WalkStep } from './walk-types';
import { PagingControl } from './walker';

/**
 * The #PF error code of a failed x86 walk (SDM 4.7): P is clear only for a
 * not-present entry; RSVD for a reserved bit (with P set); I/D on a fetch when
 * `reportsFetches` (EFER.NXE or CR4.SMEP: `walkFaultErrorCode` says which). Examples from docs/x86-paging-rules.md: user write to a present read-only page 0x7,
 * user read of a not-present page 0x4, user fetch from an NX page 0x15.
 */
export function pageFaultErrorCode(fault: TableWalkFault, access: Access, reportsFetches: boolean): number {
  if (fault.kind === 'access-failed') {
    throw new Error('vmlab internal error: a failed entry access is not a #PF');
  }
  let code = 0;
  if (fault.kind !== 'not-present') code |= PFERR_P;
  if (fault.kind === 'reserved') code |= PFERR_RSVD;
  if (access.kind === 'write') code |= PFERR_W;
  if (access.user) code |= PFERR_U;
  if (access.kind === 'fetch' && reportsFetches) code |= PFERR_ID;
  return code;
}

/**
 * The #PF error code of a failed x86 walk under all its controls (SDM 4.7):
 * `pageFaultErrorCode`, with I/D on a fetch when EFER.NXE or CR4.SMEP is set,
 * and PK (bit 5) on a protection fault of a data access to a user page (US in
 * every entry read) whose protection key PKRU forbids, with CR4.PKE set,
 * whatever other right the access also lacked. The key is the leaf's: the
 * last entry the walk read.
 */
export function walkFaultErrorCode(fault: TableWalkFault, access: Access, control: PagingControl, steps: readonly WalkStep[]): number {
  const code = pageFaultErrorCode(fault, access, control.nxe || control.smep === true);
  if (fault.kind !== 'protection' || control.pke !== true || steps.length === 0) return code;
  const userPage = steps.every((step) => (step.entry & PTE_US) !== 0n);
  const key = protectionKeyOf(steps[steps.length - 1].entry);
  return protectionKeyForbids({ pkru: control.pkru ?? 0, wp: control.wp }, access, key, userPage) ? code | PFERR_PK : code;
}

/** Names of the set bits of a #PF error code, for reports. */
export function describePageFaultErrorCode(code: number): string[] {
  const names: string[] = [];
  names.push(code & PFERR_P ? 'P (protection)' : 'P=0 (not present)');
  if (code & PFERR_W) names.push('W (write)');
  if (code & PFERR_U) names.push('U (user)');
  if (code & PFERR_RSVD) names.push('RSVD (reserved bit)');
  if (code & PFERR_ID) names.push('I/D (instruction fetch)');
  if (code & PFERR_PK) names.push('PK (protection key)');
  return names;
}
