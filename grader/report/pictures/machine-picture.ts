import { EXIT_REASONS } from '../../../reference/hardware/stats';
import { CheckKind, Difference } from '../../../observe/difference';
import { HandledFault, MachineEventRecord, MachineObservation } from '../../../observe/machine/machine-observation';
import { describeEvent, describeHandledFault, describeOutcome, describeShadowPage, describeGuestTable } from '../../../observe/machine/machine-wording';
import { describeCounter } from '../../../observe/machine/machine-event-difference';
import { EVENT_COUNTERS, EventCounter } from '../../../observe/machine/machine-observation';
import { BrokenFlag, EntryPicture, MachineEventPair, MachinePicture, ReportedBits, reportedPair, TextPair } from './picture-types';
import { describeUntrusted, field, integer, item, items, MAX_LIST_TEXT, pair, shown } from './untrusted';

/** Events shown before the one where the machines part. */
const EVENTS_BEFORE_FIRST = 5;
const MAX_FAULTS = 6;
const MAX_STOP_MESSAGE = 160;

/**
 * The picture of a failing machine case (a scenario on the machine built
 * from the student's components): the events leading to the first
 * difference, each with what the guest saw, the page faults handled and the
 * VM exits on both machines; the page-table entry the difference is about,
 * with the guest entry a shadow entry derives from; the #PF error codes of a
 * wrong injection; or the statistics at the end of the run. Under an
 * invariant check the design is free: exits and hidden faults are left out,
 * and so is the reference's own shadow entry. Undefined when the difference
 * is not about the run (the student's code returned something unreadable).
 */
export function machinePicture(check: CheckKind, expected: MachineObservation, got: unknown, difference: Difference): MachinePicture | undefined {
  const policy = check === 'policy';
  if (difference.where === 'end of the run') {
    return { kind: 'machine', mode: expected.mode, eventsBefore: Math.max(0, expected.events.length), events: [], stats: statsPairs(expected, got), first: { at: 'end' } };
  }
  const event = integer(field(difference.detail, 'event')) ?? difference.step;
  if (event === undefined || expected.events[event] === undefined) return undefined;
  const start = Math.max(0, event - EVENTS_BEFORE_FIRST);
  const counter = counterOf(difference.detail);
  const events = expected.events.slice(start, event + 1).map((record) => eventPair(record, item(field(got, 'events'), record.event), got, policy, counter));
  const entry = entryPicture(expected, got, difference.detail, policy);
  const code = injectedCodes(difference.detail);
  return {
    kind: 'machine',
    mode: expected.mode,
    eventsBefore: start,
    events,
    ...(counter === undefined ? {} : { counter: describeCounter(counter) }),
    ...(entry === undefined ? {} : { entry }),
    ...(code === undefined ? {} : { code }),
    first: { at: 'event', index: events.length - 1 },
  };
}

/** The per-event counter a difference is about (Difference.detail.counter), when it names one. */
function counterOf(detail: unknown): EventCounter | undefined {
  const counter = field(detail, 'counter');
  return typeof counter === 'string' && Object.hasOwn(EVENT_COUNTERS, counter) ? (counter as EventCounter) : undefined;
}

function eventPair(record: MachineEventRecord, gotRecord: unknown, got: unknown, policy: boolean, counter: EventCounter | undefined): MachineEventPair {
  const stopped = field(got, 'stopped');
  const stoppedHere = integer(field(stopped, 'event')) === record.event;
  const delivered = (fault: unknown) => policy || field(fault, 'result') !== 'fixed';
  const faultsOf = (faults: unknown) => {
    const shownFaults = items(faults, MAX_FAULTS).filter(delivered);
    return shownFaults.length === 0 ? 'none' : shown(shownFaults.map((fault) => describeUntrusted<HandledFault>(fault, describeHandledFault)).join('; '), MAX_LIST_TEXT);
  };
  const outcome = stoppedHere ? `stopped: ${shown(field(stopped, 'message'), MAX_STOP_MESSAGE)}` : gotRecord === undefined ? 'did not run' : describeUntrusted(field(gotRecord, 'outcome'), describeOutcome);
  return {
    event: record.event,
    what: describeEvent(record),
    outcome: pair(describeOutcome(record.outcome), outcome),
    faults: pair(faultsOf(record.faults), stoppedHere ? 'stopped' : faultsOf(field(gotRecord, 'faults'))),
    ...(policy ? { exits: pair(exitsOf(record.exits), stoppedHere ? 'stopped' : exitsOf(field(gotRecord, 'exits'))) } : {}),
    ...(counter === undefined ? {} : { counter: pair(String(record.counters?.[counter] ?? 0), stoppedHere ? 'stopped' : shown(field(field(gotRecord, 'counters'), counter) ?? 0)) }),
  };
}

/** "hidden-fault 2, pt-write 1", in the contract's order of exit reasons. */
function exitsOf(exits: unknown): string {
  const counts = EXIT_REASONS.flatMap((reason) => {
    const value = field(exits, reason);
    return value === undefined || value === 0 ? [] : [`${reason} ${shown(value)}`];
  });
  return counts.length === 0 ? 'none' : counts.join(', ');
}

/**
 * The entry a snapshot difference names (Difference.detail: event, vm,
 * index, and the shadowed guest table `shadows` or the guest table `table`,
 * with its level), on both machines.
 */
function entryPicture(expected: MachineObservation, got: unknown, detail: unknown, policy: boolean): EntryPicture | undefined {
  const event = integer(field(detail, 'event'));
  const vm = integer(field(detail, 'vm'));
  const level = integer(field(detail, 'level'));
  const index = integer(field(detail, 'index'));
  if (event === undefined || vm === undefined || level === undefined || index === undefined) return undefined;
  const expectedVm = snapshotVm(expected, event, vm);
  const gotVm = snapshotVm(got, event, vm);
  const shadows = field(detail, 'shadows');
  const table = field(detail, 'table');
  if (typeof shadows === 'string') {
    const direct = field(detail, 'direct') === true;
    return {
      table: 'shadow',
      title: `entry ${index} of ${describeShadowPage({ shadows, level, direct })}`,
      ...(direct ? {} : { guest: entryOf(guestTable(expectedVm, shadows, level), index) }),
      ...(policy ? { expected: entryOf(shadowPage(expectedVm, shadows, level), index) } : {}),
      got: entryOf(shadowPage(gotVm, shadows, level), index),
      ...(policy ? {} : brokenFlags(field(detail, 'problem'))),
    };
  }
  if (typeof table === 'string') {
    return { table: 'guest', title: `entry ${index} of ${describeGuestTable(table, level)}`, expected: entryOf(guestTable(expectedVm, table, level), index), got: entryOf(guestTable(gotVm, table, level), index) };
  }
  return undefined;
}

/** The flags a snapshot rule's problem (machine-rules.ts, shadow-invariants.ts) says the shadow entry has wrongly set, or P for a stale one. */
const BROKEN_BY_PROBLEM: ReadonlyArray<readonly [RegExp, BrokenFlag]> = [
  [/^is stale/, 'P'],
  [/^is writable while|writable, but that frame is write-protected/, 'RW'],
  [/^is user-accessible while/, 'US'],
  [/^is executable while/, 'NX'],
];

function brokenFlags(problem: unknown): { breaks?: BrokenFlag[] } {
  if (typeof problem !== 'string') return {};
  const breaks = BROKEN_BY_PROBLEM.filter(([pattern]) => pattern.test(problem)).map(([, flag]) => flag);
  return breaks.length === 0 ? {} : { breaks };
}

function snapshotVm(observation: unknown, event: number, vm: number): unknown {
  const snapshots = field(observation, 'snapshots');
  const snapshot = Array.isArray(snapshots) ? snapshots.find((candidate) => field(candidate, 'afterEvent') === event) : undefined;
  const vms = field(snapshot, 'vms');
  return Array.isArray(vms) ? vms.find((candidate) => field(candidate, 'vm') === vm) : undefined;
}

function guestTable(vm: unknown, table: string, level: number): unknown {
  const tables = field(vm, 'guestTables');
  return Array.isArray(tables) ? tables.find((candidate) => field(candidate, 'table') === table && field(candidate, 'level') === level) : undefined;
}

function shadowPage(vm: unknown, shadows: string, level: number): unknown {
  const pages = field(field(vm, 'shadow'), 'pages');
  return Array.isArray(pages) ? pages.find((candidate) => field(candidate, 'shadows') === shadows && field(candidate, 'level') === level) : undefined;
}

/** A dumped table's entry `index`; tables are sparse, so an entry left out (or a table missing) is 0x0, not present. */
function entryOf(table: unknown, index: number): string {
  const value = field(field(table, 'entries'), String(index));
  return value === undefined ? '0x0' : shown(value);
}

/** The #PF error codes of a page-fault decision that differs, when either side injects one. */
function injectedCodes(detail: unknown): ReportedBits | undefined {
  const codeOf = (fault: unknown) => (field(fault, 'result') === 'inject' ? shown(field(fault, 'errorCode')) : undefined);
  return reportedPair('pf-error-code', codeOf(field(detail, 'expectedFault')), codeOf(field(detail, 'gotFault')));
}

/** The end-of-run counters of both machines, one pair per number (vmExitsByReason.hidden-fault and so on). */
function statsPairs(expected: MachineObservation, got: unknown): (TextPair & { readonly name: string })[] {
  const stats = expected.stats;
  if (stats === undefined) return [];
  const gotStats = field(got, 'stats');
  return Object.entries(stats).flatMap(([name, value]) => {
    if (typeof value === 'number') return [{ name, ...pair(String(value), shown(field(gotStats, name))) }];
    return Object.entries(value as Record<string, number>).map(([part, count]) => ({ name: `${name}.${part}`, ...pair(String(count), shown(field(field(gotStats, name), part))) }));
  });
}
