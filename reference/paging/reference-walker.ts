import { EntryFormat } from './entry-format';
import { PagingGeometry, geometryForLevels, isCanonical } from './geometry';
import { NO_RIGHTS } from './rights';
import { walkTables } from './walk-tables';
import { PagingControl, Walker } from './walker';
import { x86Format } from './x86-format';

/** x86 formats are immutable and depend only on the controls: one per (NXE, WP), built up front. */
const FORMATS_BY_NXE_WP: readonly EntryFormat[] = [
  x86Format({ nxe: false, wp: false }),
  x86Format({ nxe: false, wp: true }),
  x86Format({ nxe: true, wp: false }),
  x86Format({ nxe: true, wp: true }),
];
/**
 * The x86 format for these controls. SMEP, SMAP and protection keys (which
 * the machine's guests never turn on) get a format of their own per walk:
 * PKRU has 2^32 values, too many to build up front.
 */
export function x86FormatFor(control: PagingControl): EntryFormat {
  if (control.smep !== true && control.smap !== true && control.pke !== true) {
    // audit-equivalent(removed-statement): without it the walk builds the same format afresh below; only the cost differs
    return FORMATS_BY_NXE_WP[(control.nxe ? 2 : 0) | (control.wp ? 1 : 0)];
  }
  return x86Format({
    nxe: control.nxe,
    wp: control.wp,
    smep: control.smep,
    smap: control.smap,
    protectionKeys: control.pke === true ? { pkru: control.pkru ?? 0 } : undefined,
  });
}

/** The reference walker: a canonical check, then the shared walk loop over x86 entries. */
export const referenceWalker: Walker = {
  walk(request, readEntry) {
    const geometry: PagingGeometry = geometryForLevels(request.control.levels);
    if (!isCanonical(request.va, geometry)) {
      return { ok: false, fault: { kind: 'non-canonical' }, rights: NO_RIGHTS, steps: [], adWrites: [] };
    }
    return walkTables(geometry, x86FormatFor(request.control), request.root, request.va, request.access, readEntry);
  },
};
