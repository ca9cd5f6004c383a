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
  PFERR_ID, PFERR_PK,
  PFERR_P,
  PFERR_RSVD,
  PFERR_U,
  PFERR_W,
} from '../reference/paging/constants';

/**
 * One bit of a field the hardware reports: what it means (for the message),
 * and its label when set and, where clear means something too, when clear
 * (for showing a value). The bit definitions are the SDM's and the APM's.
 * The feedback's words and the report's bit-by-bit tables both name bits
 * from here.
 */
export interface NamedBit {
  readonly mask: bigint;
  readonly meaning: string;
  readonly set: string;
  readonly clear?: string;
}

const bitOf = (mask: number | bigint, meaning: string, set: string, clear?: string): NamedBit => ({ mask: BigInt(mask), meaning, set, ...(clear === undefined ? {} : { clear }) });

/** SDM table 28-7. */
export const QUALIFICATION_BITS: readonly NamedBit[] = [
  bitOf(EPT_QUAL_READ, 'the access was a read', 'read'),
  bitOf(EPT_QUAL_WRITE, 'the access was a write', 'write'),
  bitOf(EPT_QUAL_FETCH, 'the access was an instruction fetch', 'fetch'),
  bitOf(EPT_QUAL_READABLE, 'the gPA was readable', 'readable'),
  bitOf(EPT_QUAL_WRITABLE, 'the gPA was writable', 'writable'),
  bitOf(EPT_QUAL_EXECUTABLE, 'the gPA was executable', 'executable'),
  bitOf(EPT_QUAL_GLA_VALID, 'guest linear address valid', 'linear address valid'),
  bitOf(EPT_QUAL_GLA_FINAL, 'set: the final translation; clear: a guest page-table access', 'final translation', 'guest page-table access'),
];

/** SDM 4.7. The bits a nested walk's error code can carry (EXITINFO1 below): P, W, U, RSVD, I/D. */
const PAGING_ERROR_CODE_BITS: readonly NamedBit[] = [
  bitOf(PFERR_P, 'P: set for a protection or reserved-bit fault, clear for not present', 'P (protection)', 'P=0 (not present)'),
  bitOf(PFERR_W, 'W: the access was a write', 'W (write)'),
  bitOf(PFERR_U, 'U: the access was in user mode', 'U (user)'),
  bitOf(PFERR_RSVD, 'RSVD: a reserved bit was set', 'RSVD (reserved bit)'),
  bitOf(PFERR_ID, 'I/D: an instruction fetch (with NX or SMEP enabled)', 'I/D (instruction fetch)'),
];

/** SDM 4.7: the #PF error code, with PK (bit 5) for protection keys. */
export const ERROR_CODE_BITS: readonly NamedBit[] = [
  ...PAGING_ERROR_CODE_BITS,
  bitOf(PFERR_PK, 'PK: a data access to a user page that PKRU forbids (with CR4.PKE)', 'PK (protection key)'),
];

/** APM 15.25.6: the #PF error code of the nested walk, plus where it happened. */
export const EXIT_INFO1_BITS: readonly NamedBit[] = [
  ...PAGING_ERROR_CODE_BITS,
  bitOf(NPF_FINAL_TRANSLATION, 'the final translation', 'final translation'),
  bitOf(NPF_GUEST_PAGE_TABLE, 'a guest page-table access', 'guest page-table access'),
];
