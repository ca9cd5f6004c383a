import { machineRunView, MachineRunView } from './machine-view';
import { isFailurePicture } from './picture-schema';
import { gridView, GridView } from './two-d-view';
import { walkTableView, WalkTableView } from './walk-view';

/** A picture as the student report's partials draw it: exactly one of the three is set. */
export interface PictureView {
  readonly walk: WalkTableView | null;
  readonly grid: GridView | null;
  readonly machine: MachineRunView | null;
}

/** The view of a picture read back from results.json; null when there is none, or it is not one this report can draw. */
export function pictureView(picture: unknown): PictureView | null {
  if (picture === undefined || !isFailurePicture(picture)) return null;
  switch (picture.kind) {
    case 'walk':
      return { walk: walkTableView(picture), grid: null, machine: null };
    case 'nested-walk':
      return { walk: null, grid: gridView(picture), machine: null };
    case 'machine':
      return { walk: null, grid: null, machine: machineRunView(picture) };
  }
}
