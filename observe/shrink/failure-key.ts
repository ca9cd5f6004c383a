import { Difference } from '../difference';

/**
 * What makes two failures "the same" for a shrink: the diagnosis' rule when
 * the caller has one ("rule accessed-dirty"), else the first difference's
 * field and the kind of place it is at ("dirty bit at step #: the PTE (level
 * #)"). A shrunk case keeps the key of the case it came from, so it shows the
 * same mistake, not some other one a smaller input happens to trip.
 */
export type FailureKey = string;

export function ruleKey(rule: string): FailureKey {
  return `rule ${rule}`;
}

/** The field, and where with its numbers and addresses blanked: event 31 and event 4 are the same kind of place, a write and a read are not. */
export function differenceKey(difference: Difference): FailureKey {
  return `${difference.field} at ${placeKind(difference.where)}`;
}

function placeKind(where: string): string {
  return where.replace(/0x[0-9a-f]+/gi, '#').replace(/\d+/g, '#');
}
