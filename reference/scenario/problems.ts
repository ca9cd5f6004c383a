import { VmlabError } from '../errors';
import { isEventOp } from './schema';

/**
 * One thing wrong with a scenario. `message` is complete and names its place
 * (`events[3] (mmap): "pages" must be an integer >= 1 (got 0)`); `location` is
 * the path alone (`events[3].pages`), for tools that point at the field.
 */
export interface ScenarioProblem {
  readonly location: string;
  readonly message: string;
  /** The index of the event the problem is about, if it is about one. */
  readonly event?: number;
}

/**
 * A scenario refused before anything ran. The message is the first problem in
 * document order (machine options, then events by index); `problems` holds
 * them all, so a CLI can list more than one.
 */
export class ScenarioInvalidError extends VmlabError {
  constructor(
    readonly problems: readonly ScenarioProblem[],
    /** Put before the first problem's message, e.g. the file name. */
    messagePrefix = '',
  ) {
    super('SCENARIO_INVALID', messagePrefix + problems[0].message, problems[0].location);
    this.name = 'ScenarioInvalidError';
  }
}

/** Document order: problems outside the events first (in the order found), then by event index. */
export function sortProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  return [...problems].sort((a, b) => (a.event ?? -1) - (b.event ?? -1));
}

/** A path in the document, as a reader writes it: `events[3].va`, `machine.tlb.entries`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** How an event is named in messages: `events[3] (mmap)`, or `events[3]` when its op is not a known one. */
export function eventLabel(index: number, op: unknown): string {
  return isEventOp(op) ? `events[${index}] (${op})` : `events[${index}]`;
}

/** A JSON value as a message quotes it ("got ..."), shortened when long. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}
