import { resolveEvent } from '../../reference/scenario/resolve';
import { ResolvedEvent, ScenarioEvent } from '../../reference/scenario/types';

/**
 * What each event of a scenario needs of the events before it to mean what it
 * meant: the event that made its process (a spawn, or the fork that made it,
 * and so on up to the first spawn), and for an access to memory the mmap that
 * mapped the page it touches (in its process, or in an ancestor before the
 * fork). Without the first, the scenario is not valid (docs/scenario-format.md:
 * a process must exist); without the second, the access faults instead. A
 * shrink keeps an event with what it needs, so fewer candidates are refused.
 */
export function scenarioNeeds(events: readonly ScenarioEvent[]): ReadonlyArray<readonly number[]> {
  const resolved = events.map(resolveEvent);
  /** Per vm:pid, the event that made the process and the mappings it has (each with the mmap that made it). */
  const processes = new Map<string, { madeBy: number; mappings: Mapping[] }>();
  const needs: number[][] = [];
  for (const event of resolved) {
    const key = `${event.vm}:${event.pid}`;
    const process = processes.get(key);
    const own: number[] = process === undefined ? [] : [process.madeBy];
    switch (event.op) {
      case 'spawn':
        processes.set(key, { madeBy: event.index, mappings: [] });
        break;
      case 'exit':
        processes.delete(key);
        break;
      case 'fork':
        if (process !== undefined) processes.set(`${event.vm}:${event.child}`, { madeBy: event.index, mappings: [...process.mappings] });
        break;
      case 'mmap':
        process?.mappings.push({ start: event.va, end: event.va + BigInt(event.pages) * PAGE, madeBy: event.index });
        break;
      default: {
        const va = addressOf(event);
        const mapping = va === undefined ? undefined : process?.mappings.filter((candidate) => candidate.start <= va && va < candidate.end).at(-1);
        if (mapping !== undefined) own.push(mapping.madeBy);
      }
    }
    needs.push(own);
  }
  return needs;
}

interface Mapping {
  readonly start: bigint;
  readonly end: bigint;
  readonly madeBy: number;
}

const PAGE = 4096n;

function addressOf(event: ResolvedEvent): bigint | undefined {
  return 'va' in event ? event.va : undefined;
}

/** `kept` with everything its events need, transitively, sorted. */
export function withNeeds(kept: readonly number[], needs: ReadonlyArray<readonly number[]>): number[] {
  const closed = new Set<number>();
  const visit = (index: number) => {
    if (closed.has(index)) return;
    closed.add(index);
    for (const needed of needs[index] ?? []) visit(needed);
  };
  kept.forEach(visit);
  return [...closed].sort((a, b) => a - b);
}
