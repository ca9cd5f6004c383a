import {
  EPT_QUAL_EXECUTABLE,
  EPT_QUAL_FETCH,
  EPT_QUAL_GLA_FINAL,
  EPT_QUAL_GLA_VALID,
  EPT_QUAL_READ,
  EPT_QUAL_READABLE,
  EPT_QUAL_WRITABLE,
  EPT_QUAL_WRITE,
  NPF_FINAL_TRANSLATION,
  NPF_GUEST_PAGE_TABLE,
} from '../paging/constants';
import { pageFaultErrorCode } from '../paging/page-fault';
import { AccessKind, RIGHT_EXECUTE, RIGHT_READ, RIGHT_WRITE } from '../paging/rights';
import { TableWalkFault } from '../paging/walk-types';
import { NESTED_USER_ACCESS } from './nested-access';
import { NestedWalkStage } from './nested-types';

export interface EptViolationInput {
  /** The access as EPT saw it: the guest's own for the final gPA; read, or write with EPT A/D, for a guest page-table entry. */
  readonly access: AccessKind;
  /** AND of the R/W/X rights over the EPT entries walked (RIGHT_* bits); 0 when an entry was not present. */
  readonly rights: number;
  readonly stage: NestedWalkStage;
}

/**
 * The exit qualification of an EPT violation (SDM 28.2.1, table 28-7).
 * Bit 7 is always set: every access in this model comes from a guest linear
 * address. A guest page-table access treated as a write (EPT A/D on) sets
 * both bits 0 and 1, as the table's footnote says.
 */
export function eptViolationQualification({ access, rights, stage }: EptViolationInput): number {
  let qualification = EPT_QUAL_GLA_VALID;
  if (access === 'read') qualification |= EPT_QUAL_READ;
  else if (access === 'write') qualification |= EPT_QUAL_WRITE | (stage === 'guest-table' ? EPT_QUAL_READ : 0);
  else qualification |= EPT_QUAL_FETCH;
  if (rights & RIGHT_READ) qualification |= EPT_QUAL_READABLE;
  if (rights & RIGHT_WRITE) qualification |= EPT_QUAL_WRITABLE;
  if (rights & RIGHT_EXECUTE) qualification |= EPT_QUAL_EXECUTABLE;
  if (stage === 'final') qualification |= EPT_QUAL_GLA_FINAL;
  return qualification;
}

export interface NptExitInput {
  readonly fault: TableWalkFault;
  /** The access as the nested walk saw it: the guest's kind for the final gPA; write for a guest page-table entry. */
  readonly access: AccessKind;
  readonly stage: NestedWalkStage;
}

/**
 * EXITINFO1 of a #NPF (APM 15.25.6): the #PF error code the nested walk would
 * raise (always with U, since nested accesses are user accesses, and I/D on a
 * fetch, since nested tables run with NX enabled), plus bit 32 for the final
 * translation or bit 33 for a guest page-table access.
 */
export function nptExitInfo1({ fault, access, stage }: NptExitInput): bigint {
  const errorCode = BigInt(pageFaultErrorCode(fault, NESTED_USER_ACCESS[access], true));
  return errorCode | (stage === 'final' ? NPF_FINAL_TRANSLATION : NPF_GUEST_PAGE_TABLE);
}
