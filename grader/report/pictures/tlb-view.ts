import { MachineRunView } from './machine-view';
import { TlbPicture } from './picture-types';
import { pairView } from './walk-view';

/**
 * A TLB run drawn as templates/partials/student-machine-run.hbs draws a
 * machine's: one row per operation, the reference's result and the
 * student's where it differs; the entries cached at the end as one more row.
 */
export function tlbRunView(picture: TlbPicture): MachineRunView {
  const firstIndex = picture.first.at === 'operation' ? picture.first.index : undefined;
  const before = picture.operationsBefore === 0 ? '' : ` Operations 1 to ${picture.operationsBefore} did the same on both and are left out.`;
  const rows = picture.operations.map((operation, index) => ({ what: operation.what, first: index === firstIndex, cells: [pairView(operation.result)] }));
  const resident = picture.resident === undefined ? [] : [{ what: 'Entries cached after the last operation (as a set)', first: true, cells: [pairView(picture.resident)] }];
  return {
    caption: 'The operations up to the first difference',
    explanation: `The operations on the reference's TLB and on yours, up to the first difference; where yours did something else, it is shown under the reference's.${before}`,
    columns: ['Operation', 'What it did'],
    events: [...rows, ...resident],
    stats: null,
    entry: null,
    codeBits: null,
  };
}
