import { Hpa } from '../../../reference/addresses';
import { NestedFault, NestedWalkResult, TwoDReference } from '../../../reference/nested/nested-types';
import { NestedWalker } from '../../../reference/nested/nested-walker';
import { referenceNestedWalker } from '../../../reference/nested/reference-nested-walker';
import { EPT_D, EPT_QUAL_EXECUTABLE, EPT_QUAL_GLA_FINAL, EPT_QUAL_READABLE, EPT_QUAL_WRITABLE, PFERR_U } from '../../../reference/paging/constants';
import { levelPageSize } from '../../../reference/paging/geometry';

/**
 * Deliberately wrong nested walkers, each the reference with one mistake a
 * student could make, for checking that the hidden suites catch every
 * mistake and point at the right place. They wrap the reference and corrupt
 * its result: what matters is what the walker reports.
 */
function corrupt(change: (result: NestedWalkResult) => NestedWalkResult): NestedWalker {
  return {
    walk(request, hostMemory, guestWalker) {
      return change(referenceNestedWalker.walk(request, hostMemory, guestWalker));
    },
  };
}

function changeFault(change: (fault: NestedFault) => NestedFault): NestedWalker {
  return corrupt((result) => (result.ok ? result : { ...result, fault: change(result.fault) }));
}

const guestRows = (references: readonly TwoDReference[]) => references.filter((reference) => reference.dimension === 'guest').length;

/** Reads each guest entry before translating its gPA: the guest reference comes first in its row. */
export const guestEntryFirst = corrupt((result) => {
  const rows = new Map<number, TwoDReference[]>();
  for (const reference of result.references) rows.set(reference.row, [...(rows.get(reference.row) ?? []), reference]);
  const references = [...rows.values()].flatMap((row) => [...row.filter((r) => r.dimension === 'guest'), ...row.filter((r) => r.dimension === 'nested')]);
  return { ...result, references };
});

/** Numbers columns from 1. */
export const columnsFromOne = corrupt((result) => ({ ...result, references: result.references.map((reference) => ({ ...reference, column: reference.column + 1 })) }));

/** Takes the data gPA for the host address: the final nested walk never happens. */
export const finalGpaUntranslated = corrupt((result) => {
  if (!result.ok) return result;
  const dataRow = guestRows(result.references);
  return { ...result, hpa: result.gpa as bigint as Hpa, references: result.references.filter((reference) => reference.row < dataRow) };
});

/** Reports the guest page size, not the smaller of the guest and nested pages. */
export const guestPageSizeOnly = corrupt((result) => {
  if (!result.ok) return result;
  const guestLeaf = result.references.filter((reference) => reference.dimension === 'guest').pop()!;
  return { ...result, pageSize: levelPageSize(guestLeaf.level) };
});

/** Never sets qualification bit 8 (final translation). */
export const qualificationWithoutFinalBit = changeFault((fault) => (fault.kind === 'ept-violation' ? { ...fault, qualification: fault.qualification & ~EPT_QUAL_GLA_FINAL } : fault));

/** Leaves out the rights bits 3-5 of the qualification. */
export const qualificationWithoutRights = changeFault((fault) =>
  fault.kind === 'ept-violation' ? { ...fault, qualification: fault.qualification & ~(EPT_QUAL_READABLE | EPT_QUAL_WRITABLE | EPT_QUAL_EXECUTABLE) } : fault,
);

/** Treats a malformed EPT entry as a missing one. */
export const misconfigAsViolation = changeFault((fault) => {
  if (fault.kind !== 'ept-misconfig') return fault;
  const { reason: _reason, ...where } = fault;
  return { ...where, kind: 'ept-violation', qualification: 0x81 };
});

/** Forgets EPT A/D (and NPT's) altogether. */
export const noNestedAccessedDirty = corrupt((result) => ({ ...result, nestedAdWrites: [] }));

/** Treats guest page-table accesses as reads under EPT A/D: no D in the EPT leaves of guest tables. */
export const guestTableAccessesAsReads = corrupt((result) => {
  const tableLeaves = new Set(
    result.references.flatMap((reference, i) => (reference.dimension === 'nested' && result.references[i + 1]?.dimension === 'guest' ? [reference.address as bigint] : [])),
  );
  const nestedAdWrites = result.nestedAdWrites
    .map((write) => (tableLeaves.has(write.hpa) ? { ...write, bits: write.bits & ~EPT_D } : write))
    .filter((write) => write.bits !== 0n);
  return { ...result, nestedAdWrites };
});

/** Reports guest A/D writes at the gPA, without locating them in host memory. */
export const guestAdWritesAtGpa = corrupt((result) => ({ ...result, guestAdWrites: result.guestAdWrites.map((write) => ({ ...write, hpa: write.gpa as bigint as Hpa })) }));

/** Builds the #PF error code as if every access were a supervisor one. */
export const errorCodeWithoutUser = changeFault((fault) => (fault.kind === 'guest-fault' && fault.errorCode !== undefined ? { ...fault, errorCode: fault.errorCode & ~PFERR_U } : fault));

/** Leaves out EXITINFO1 bits 32 and 33 (final translation / guest page-table access). */
export const exitInfoWithoutStage = changeFault((fault) => (fault.kind === 'npt-fault' ? { ...fault, exitInfo1: fault.exitInfo1 & 0xffff_ffffn } : fault));
