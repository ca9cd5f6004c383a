import { machineRunView, MachineRunView } from './machine-view';
import { isFailurePicture } from './picture-schema';
import { tlbRunView } from './tlb-view';
import { gridView, GridView } from './two-d-view';
import { walkTableView, WalkTableView } from './walk-view';

/** A picture as the student report's partials draw it: exactly one of the four is set. */
export interface PictureView {
  readonly walk: WalkTableView | null;
  readonly grid: GridView | null;
  readonly machine: MachineRunView | null;
  /** A TLB run, drawn by the machine run's partial. */
  readonly tlb: MachineRunView | null;
}

/** The view of a picture read back from results.json; null when there is none, or it is not one this report can draw. */
export function pictureView(picture: unknown): PictureView | null {
  if (picture === undefined || !isFailurePicture(picture)) return null;
  switch (picture.kind) {
    case 'walk':
      return { walk: walkTableView(picture), grid: null, machine: null, tlb: null };
    case 'nested-walk':
      return { walk: null, grid: gridView(picture), machine: null, tlb: null };
    case 'machine':
      return { walk: null, grid: null, machine: machineRunView(picture), tlb: null };
    case 'tlb':
      return { walk: null, grid: null, machine: null, tlb: tlbRunView(picture) };
  }
}
