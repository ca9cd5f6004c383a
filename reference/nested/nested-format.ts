import { EntryFormat } from '../paging/entry-format';
import { eptFormat } from '../paging/ept-format';
import { x86Format } from '../paging/x86-format';
import { NestedPagingConfig } from './nested-types';

/**
 * AMD NPT tables are ordinary x86-64 tables, with AMD's rules: bits 7 and 8
 * of a PML4E (and PML5E) must be zero. The model runs them with NX enabled
 * and CR0.WP set; WP never matters, since every nested access is a user
 * access.
 */
const NPT_FORMAT = x86Format({
  nxe: true,
  // audit-equivalent(boolean): every nested access is a user access, for which CR0.WP changes nothing
  wp: true,
  amdTopLevelMustBeZero: true,
});

/** EPT formats by (A/D enable, execute-only support), built once. */
const EPT_FORMATS: readonly EntryFormat[] = [
  eptFormat({ accessedDirty: false, executeOnly: false }),
  eptFormat({ accessedDirty: true, executeOnly: false }),
  eptFormat({ accessedDirty: false, executeOnly: true }),
  eptFormat({ accessedDirty: true, executeOnly: true }),
];

/** The entry format of the nested tables a config describes. */
export function nestedEntryFormat(config: NestedPagingConfig): EntryFormat {
  if (config.format === 'npt') return NPT_FORMAT;
  return EPT_FORMATS[(config.accessedDirty ? 1 : 0) | (config.executeOnly === false ? 0 : 2)];
}
