import { ProbeAccess } from '../../../observe/probe-types';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';

/** The axes every permission case varies along: who accesses, how, and under which CR0.WP and EFER.NXE. */

export const ACCESS_KINDS: readonly AccessKind[] = ['read', 'write', 'fetch'];

/** Supervisor read, write, fetch, then user read, write, fetch. */
export const ACCESSES: readonly ProbeAccess[] = [false, true].flatMap((user) => ACCESS_KINDS.map((kind) => ({ kind, user })));

export interface PagingControlBits {
  readonly wp: boolean;
  readonly nxe: boolean;
}

export const CONTROL_BITS: readonly PagingControlBits[] = [false, true].flatMap((wp) => [false, true].map((nxe) => ({ wp, nxe })));

export interface AccessUnderControl {
  readonly access: ProbeAccess;
  readonly control: PagingControlBits;
}

/** The 24 (access × WP × NXE) combinations, access varying fastest. */
export const ACCESSES_UNDER_CONTROL: readonly AccessUnderControl[] = CONTROL_BITS.flatMap((control) => ACCESSES.map((access) => ({ access, control })));

/** The 12 (access × WP) combinations with EFER.NXE set. */
export const ACCESSES_UNDER_WP: readonly AccessUnderControl[] = ACCESSES_UNDER_CONTROL.filter(({ control }) => control.nxe);

export function randomAccess(random: Random, kinds: readonly AccessKind[] = ACCESS_KINDS): ProbeAccess {
  return { kind: random.pick(kinds), user: random.chance(0.5) };
}

/** Every subset of `items`, as bit masks over them: subset i holds items[j] when bit j of i is set. */
export function subsets<T>(items: readonly T[]): T[][] {
  return Array.from({ length: 1 << items.length }, (_, mask) => items.filter((_, j) => mask & (1 << j)));
}
