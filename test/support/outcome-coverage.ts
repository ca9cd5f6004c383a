import type { Outcome, ResolvedEvent } from '../../reference/scenario/types';

/** How often each op, and each kind of outcome, occurs: a corpus of scenarios is only as good as what it exercises. */
export type Coverage = Record<string, number>;

export function outcomeKind(outcome: Outcome): string {
  if ('value' in outcome) return outcome.value === 0 ? 'read of 0' : 'read of a written value';
  if ('fault' in outcome) return `${outcome.op} fault ${outcome.fault}`;
  if ('pte' in outcome) {
    const pte = outcome.pte;
    if (!pte.present) return 'inspect: not present';
    return `inspect: present${pte.accessed ? ', accessed' : ''}${pte.dirty ? ', dirty' : ''}`;
  }
  return `${outcome.op} done`;
}

export function tally(coverage: Coverage, events: readonly ResolvedEvent[], outcomes: readonly Outcome[]): void {
  for (const event of events) coverage[`op ${event.op}`] = (coverage[`op ${event.op}`] ?? 0) + 1;
  for (const outcome of outcomes) {
    const kind = outcomeKind(outcome);
    coverage[kind] = (coverage[kind] ?? 0) + 1;
  }
}
