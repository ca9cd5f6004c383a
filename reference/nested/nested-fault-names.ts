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
import { describePageFaultErrorCode } from '../paging/page-fault';

/**
 * Decoders of the nested faults' exit information, for reports. Kept apart
 * from nested-faults.ts, which builds that information and is part of the
 * nested walk's reference solution: a handout may ship these.
 */

/** Names of the set bits of an EPT-violation exit qualification, for reports. */
export function describeEptViolationQualification(qualification: number): string[] {
  const names: string[] = [];
  if (qualification & EPT_QUAL_READ) names.push('read');
  if (qualification & EPT_QUAL_WRITE) names.push('write');
  if (qualification & EPT_QUAL_FETCH) names.push('fetch');
  if (qualification & EPT_QUAL_READABLE) names.push('readable');
  if (qualification & EPT_QUAL_WRITABLE) names.push('writable');
  if (qualification & EPT_QUAL_EXECUTABLE) names.push('executable');
  if (qualification & EPT_QUAL_GLA_VALID) {
    names.push('linear address valid');
    names.push(qualification & EPT_QUAL_GLA_FINAL ? 'final translation' : 'guest page-table access');
  }
  return names;
}

/** Names of the set bits of a #NPF EXITINFO1, for reports. */
export function describeNptExitInfo1(exitInfo1: bigint): string[] {
  const names = describePageFaultErrorCode(Number(exitInfo1 & 0xffffffffn));
  if (exitInfo1 & NPF_FINAL_TRANSLATION) names.push('final translation');
  if (exitInfo1 & NPF_GUEST_PAGE_TABLE) names.push('guest page-table access');
  return names;
}
