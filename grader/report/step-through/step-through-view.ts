import { CheckKind, Difference } from '../../../observe/difference';
import { judgeCase } from '../../../observe/judge';
import { MachineObservation } from '../../../observe/machine/machine-observation';
import { Observation } from '../../../observe/observation';
import { Probe } from '../../../observe/probe-types';
import { machineRunView, MachineRunView } from '../pictures/machine-view';
import { machinePicture } from '../pictures/machine-picture';
import { twoDPicture } from '../pictures/two-d-picture';
import { gridView, GridView } from '../pictures/two-d-view';
import { field, integer, items, shown } from '../pictures/untrusted';
import { walkPicture } from '../pictures/walk-picture';
import { walkTableView, WalkTableView } from '../pictures/walk-view';
import { judgedRow, RowMarking, stateParts, StatePart } from './state-tables';

/** One case to step through: the reference's observation, and the student's when their code was run. */
export interface StepCase {
  /** "Test walk-basic, case 2", "Scenario tlb-flush.yaml". */
  readonly title: string;
  readonly probe: Probe;
  readonly check: CheckKind;
  readonly expected: Observation;
  /** The student's observation (parsed against its schema), or why there is none; absent: the reference alone. */
  readonly got?: { readonly observation: Observation } | { readonly missing: string };
  /**
   * The first difference, judged already (a handout judges the graded probe
   * against its golden, whose snapshots may be fewer than the page's); absent:
   * judged here, `expected` against `got`.
   */
  readonly difference?: Difference | null;
}

/** What templates/step-through.hbs draws. */
export interface StepThroughView {
  readonly title: string;
  readonly caseText: string;
  readonly summary: string;
  readonly withStudent: boolean;
  readonly nav: readonly { readonly anchor: string; readonly label: string; readonly first: boolean }[];
  readonly steps: readonly StepSectionView[];
}

export interface StepSectionView {
  readonly anchor: string;
  readonly heading: string;
  readonly first: boolean;
  /** Shown when the page is opened without an anchor: the first difference, else the first step. */
  readonly isDefault: boolean;
  readonly previous: string | null;
  readonly next: string | null;
  readonly note: string;
  readonly walk: WalkTableView | null;
  readonly grid: GridView | null;
  readonly machine: MachineRunView | null;
  readonly vms: readonly { readonly title: string; readonly parts: readonly StatePart[] }[];
}

/** Longest text of a difference's message or a stop message shown (they quote what the student's code returned). */
const MAX_MESSAGE = 400;
/** Most machine events stepped through: a page per event stays readable. */
export const MAX_EVENTS = 400;

type Section = Omit<StepSectionView, 'isDefault' | 'previous' | 'next' | 'first'> & { readonly first?: boolean };

const EMPTY = { note: '', walk: null, grid: null, machine: null, vms: [] } as const;

/** The page's data: one section per step (walk reference, 2D reference, scenario event), the first difference marked. */
export function stepThroughView(stepCase: StepCase): StepThroughView {
  const got = stepCase.got !== undefined && 'observation' in stepCase.got ? stepCase.got.observation : undefined;
  const difference = got === undefined ? null : stepCase.difference !== undefined ? stepCase.difference : firstDifference(stepCase, got);
  const sections = sectionsOf(stepCase, got, difference);
  const firstIndex = sections.findIndex((section) => section.first === true);
  const linked = sections.map((section, index): StepSectionView => ({
    ...section,
    first: index === firstIndex,
    isDefault: index === Math.max(0, firstIndex),
    previous: index === 0 ? null : sections[index - 1].anchor,
    next: index === sections.length - 1 ? null : sections[index + 1].anchor,
  }));
  return {
    title: `Step through: ${stepCase.title}`,
    caseText: caseText(stepCase.probe),
    summary: summary(stepCase, difference, linked[firstIndex]),
    withStudent: got !== undefined,
    nav: linked.map((section) => ({ anchor: section.anchor, label: section.heading, first: section.first })),
    steps: linked,
  };
}

/** The judge's first difference; the page draws both runs even if the student's is too odd to judge. */
function firstDifference(stepCase: StepCase, got: Observation): Difference | null {
  try {
    return judgeCase(stepCase.check, stepCase.expected, got);
  } catch {
    return null;
  }
}

function caseText(probe: Probe): string {
  if (probe.kind === 'walk') return `A ${probe.access} walk of ${probe.va} from CR3 ${probe.root}: each step is one entry the walk reads.`;
  if (probe.kind === 'nested-walk') return `A ${probe.guest.access} 2D walk of ${probe.guest.va} (${probe.nested.format.toUpperCase()}): each step is one memory reference.`;
  if (probe.kind === 'machine') return `A scenario of ${probe.scenario.events.length} events in ${probe.scenario.machine?.mode ?? 'the default'} mode: each step is one event, with the state after it.`;
  return 'A run of TLB operations.';
}

function summary(stepCase: StepCase, difference: Difference | null, first: StepSectionView | undefined): string {
  if (stepCase.got === undefined) return "The reference's run alone: no code of yours was run.";
  if ('missing' in stepCase.got) return `The reference's run alone: ${shown(stepCase.got.missing, MAX_MESSAGE)}`;
  if (difference === null) return 'Your run and the reference\'s are the same at every step.';
  const where = first === undefined ? '' : ` (marked at "${first.heading}")`;
  return `First difference${where}: ${shown(difference.message, MAX_MESSAGE)}`;
}

function sectionsOf(stepCase: StepCase, got: Observation | undefined, difference: Difference | null): Section[] {
  const { probe, expected } = stepCase;
  const threw = got?.kind === 'error' ? `Your code threw: ${shown(got.message, MAX_MESSAGE)}` : '';
  const gotSide = got === undefined || got.kind === 'error' ? expected : got;
  const shownDifference = got === undefined || got.kind === 'error' ? null : difference;
  if (probe.kind === 'walk' && expected.kind === 'walk') return withNote(walkSections(probe, expected, gotSide, shownDifference), threw);
  if (probe.kind === 'nested-walk' && expected.kind === 'nested-walk') return withNote(gridSections(probe, expected, gotSide, shownDifference), threw);
  if (expected.kind === 'machine') {
    const gotMachine = got === undefined ? undefined : got.kind === 'machine' ? got : { stoppedBefore: threw };
    return machineSections(stepCase.check, expected, gotMachine, difference);
  }
  throw new Error(`vmlab internal error: no step-through for ${probe.kind} probes`);
}

function withNote(sections: Section[], note: string): Section[] {
  return note === '' ? sections : sections.map((section) => ({ ...section, note }));
}

/** A difference that marks nothing, for drawing a walk with no student side. */
const NO_DIFFERENCE: Difference = { where: 'outcome', field: '', expected: '', got: '', message: '' };

function walkSections(probe: Extract<Probe, { kind: 'walk' }>, expected: Extract<Observation, { kind: 'walk' }>, got: unknown, difference: Difference | null): Section[] {
  const picture = walkPicture(probe, expected, got, difference ?? NO_DIFFERENCE) ?? walkPicture(probe, expected, expected, NO_DIFFERENCE)!;
  const full = walkTableView(picture);
  const marked = difference !== null;
  const firstStep = marked ? full.steps.findIndex((step) => step.first) : -1;
  const notYet = { expected: 'not yet: the walk goes on', got: 'not yet: the walk goes on', differs: false, first: false };
  const sections: Section[] = full.steps.map((_, index) => ({
    ...EMPTY,
    anchor: `event-${index + 1}`,
    heading: `Step ${index + 1}`,
    first: index === firstStep,
    walk: {
      ...full,
      explanation: `The walk up to step ${index + 1}: the entry each walk reads, the reference's above yours.`,
      steps: full.steps.slice(0, index + 1).map((shownStep) => ({ ...shownStep, first: marked && shownStep.first })),
      outcome: notYet,
      stray: null,
      entryBits: index === firstStep ? full.entryBits : null,
      codeBits: null,
    },
  }));
  const outcomeFirst = marked && firstStep < 0;
  sections.push({ ...EMPTY, anchor: 'outcome', heading: 'Outcome', first: outcomeFirst, walk: marked ? full : { ...full, outcome: { ...full.outcome, first: false }, steps: full.steps.map((step) => ({ ...step, first: false })) } });
  return sections;
}

function gridSections(probe: Extract<Probe, { kind: 'nested-walk' }>, expected: Extract<Observation, { kind: 'nested-walk' }>, got: unknown, difference: Difference | null): Section[] {
  const picture = twoDPicture(probe, expected, got, difference ?? NO_DIFFERENCE) ?? twoDPicture(probe, expected, expected, NO_DIFFERENCE)!;
  const marked = difference !== null;
  const full = gridView(picture);
  const unmarked = (view: GridView): GridView => (marked ? view : { ...view, outcome: { ...view.outcome, first: false }, rows: view.rows.map((row) => ({ ...row, cells: row.cells.map((cell) => ({ ...cell, first: false })) })) });
  const firstCell = full.rows.flatMap((row) => row.cells).find((cell) => cell.first && !cell.final);
  const firstNumber = marked && firstCell !== undefined ? Number(firstCell.number) : -1;
  const references = expected.references.length;
  const sections: Section[] = [];
  for (let number = 1; number <= references; number++) {
    const rows = unmarked(full).rows.map((row) => ({
      ...row,
      cells: row.cells.map((cell) => (cell.final || (cell.reached && Number(cell.number) > number) ? { ...cell, reached: false, empty: 'not yet', first: false } : cell)),
    }));
    sections.push({
      ...EMPTY,
      anchor: `event-${number}`,
      heading: `Reference ${number}`,
      first: number === firstNumber,
      grid: { ...full, explanation: `The 2D walk up to memory reference ${number} of ${references}.`, rows, beyond: [], outcome: { expected: 'not yet: the walk goes on', got: 'not yet: the walk goes on', differs: false, first: false }, entryBits: number === firstNumber ? full.entryBits : null, codeBits: null },
    });
  }
  sections.push({ ...EMPTY, anchor: 'outcome', heading: 'Outcome', first: marked && firstNumber < 0, grid: unmarked(full) });
  return sections;
}

/** The event a machine difference names, or 'end' for the statistics at the end of the run. */
function differenceEvent(difference: Difference | null): number | 'end' | undefined {
  if (difference === null) return undefined;
  if (difference.where === 'end of the run') return 'end';
  return integer(field(difference.detail, 'event')) ?? difference.step;
}

function machineSections(check: CheckKind, expected: MachineObservation, got: MachineObservation | { stoppedBefore: string } | undefined, difference: Difference | null): Section[] {
  const firstEvent = differenceEvent(difference);
  const gotRun: unknown = got !== undefined && 'stoppedBefore' in got ? { kind: 'machine', events: [] } : got;
  const sections: Section[] = expected.events.slice(0, MAX_EVENTS).map((record): Section => {
    const atEvent: Difference = { where: `event ${record.event}`, field: '', expected: '', got: '', message: '', step: record.event, detail: { event: record.event } };
    const picture = machinePicture('policy', expected, gotRun ?? expected, atEvent);
    const events = picture === undefined ? [] : picture.events.slice(-1);
    const first = record.event === firstEvent;
    const run = picture === undefined ? null : machineRunView({ ...picture, eventsBefore: 0, events, entry: undefined, code: undefined, first: first ? { at: 'event', index: 0 } : { at: 'end' } });
    return {
      ...EMPTY,
      anchor: `event-${record.event}`,
      heading: `Event ${record.event}`,
      first,
      note: got !== undefined && 'stoppedBefore' in got ? got.stoppedBefore : first && difference !== null ? shown(difference.message, MAX_MESSAGE) : '',
      machine: run === null ? null : { ...run, caption: `Event ${record.event}`, explanation: got === undefined ? "What the guest saw, the page faults handled and the VM exits, on the reference's machine." : "What the guest saw, the page faults handled and the VM exits; where your machine did otherwise, it is shown under the reference's." },
      vms: vmStates(expected, gotRun, record.event, got !== undefined, rowMarking(check, difference, record.event)),
    };
  });
  if (firstEvent === 'end' && difference !== null) {
    const picture = machinePicture(check, expected, gotRun, difference);
    sections.push({ ...EMPTY, anchor: 'end', heading: 'End of the run', first: true, note: shown(difference.message, MAX_MESSAGE), machine: picture === undefined ? null : machineRunView(picture) });
  }
  return sections;
}

/** Most snapshots of the student's looked through for the one after an event. */
const MAX_SNAPSHOTS = MAX_EVENTS + 1;

/** How the state after `event` is marked: by comparing the sides (a policy check), or only where the judge's first difference is, in its VM (an invariant check). */
type VmMarking = { readonly vm: number | undefined; readonly marking: RowMarking };

function rowMarking(check: CheckKind, difference: Difference | null, event: number): VmMarking {
  if (check === 'policy') return { vm: undefined, marking: { by: 'comparison' } };
  const here = difference !== null && differenceEvent(difference) === event;
  return { vm: here ? integer(field(difference.detail, 'vm')) : undefined, marking: { by: 'judge', row: here ? judgedRow(difference.detail) : null } };
}

function vmStates(expected: MachineObservation, got: unknown, event: number, withStudent: boolean, { vm: judgedVm, marking }: VmMarking): StepSectionView['vms'] {
  const snapshot = expected.snapshots.find((taken) => taken.afterEvent === event);
  const gotSnapshot = items(field(got, 'snapshots'), MAX_SNAPSHOTS).find((taken) => integer(field(taken, 'afterEvent')) === event);
  if (snapshot === undefined) return withStudent && gotSnapshot !== undefined ? yourStatesOnly(expected.mode, gotSnapshot, event) : [];
  return snapshot.vms.map((vm) => {
    const gotVm = items(field(gotSnapshot, 'vms'), 64).find((candidate) => integer(field(candidate, 'vm')) === vm.vm);
    const running = vm.runningPid === null ? 'idle' : `pid ${vm.runningPid} running, guest CR3 ${vm.guestCr3}`;
    const vmMarking: RowMarking = marking.by === 'judge' && judgedVm !== undefined && judgedVm !== vm.vm ? { by: 'judge', row: null } : marking;
    return { title: `VM ${vm.vm} after event ${event} (${running})`, parts: stateParts(expected.mode, vm, gotVm, withStudent, vmMarking) };
  });
}

/**
 * The student's state after an event the reference's observation has no
 * snapshot of (a handout's golden records the state at the end only, say):
 * their tables alone, nothing marked.
 */
function yourStatesOnly(mode: string, gotSnapshot: unknown, event: number): StepSectionView['vms'] {
  return items(field(gotSnapshot, 'vms'), 64).map((vm) => ({
    title: `VM ${integer(field(vm, 'vm')) ?? '?'} after event ${event} (yours only: the reference's state here is not recorded)`,
    parts: stateParts(mode, undefined, vm, true, { by: 'judge', row: null }),
  }));
}
