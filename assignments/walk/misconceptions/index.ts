import { Misconception } from '../../framework/misconception';
import { ACCESSED_DIRTY_MISCONCEPTIONS } from './accessed-dirty';
import { MALFORMED_MISCONCEPTIONS } from './malformed';
import { PERMISSION_MISCONCEPTIONS, PRESENT_FIRST } from './permissions';
import { PROTECTION_MISCONCEPTIONS } from './protections';
import { TRANSLATION_MISCONCEPTIONS } from './translation';

/**
 * The walk's misconceptions, most specific first, in the hardware's order: a
 * wrong read (index, table base, depth) before what the walk did with the
 * entries; the canonical and reserved-bit checks before the rights; the
 * plain rights (US, RW with CR0.WP, NX) before the supervisor protections
 * and keys that refuse on top of them; P clear after all of these (a walk
 * gone wrong often ends on a zero entry); the A/D bits last, since the
 * comparison shows them only when steps and outcome agree.
 */
export const MISCONCEPTIONS: readonly Misconception[] = [
  ...TRANSLATION_MISCONCEPTIONS,
  ...MALFORMED_MISCONCEPTIONS,
  ...PERMISSION_MISCONCEPTIONS,
  ...PROTECTION_MISCONCEPTIONS,
  PRESENT_FIRST,
  ...ACCESSED_DIRTY_MISCONCEPTIONS,
];
