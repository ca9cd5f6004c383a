import { Difference } from '../../observe/difference';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { ComponentName } from '../../reference/components';

/**
 * One failing case as a recogniser sees it: the input, what the reference
 * did, what the student's components did, and the first difference. Seen by
 * the grader only; for a hidden test a student reads the diagnosis (the rule
 * and the misconception), never the case.
 */
export interface FailedCase {
  readonly probe: Probe;
  readonly expected: Observation;
  /** The student's observation: untrusted data (a recogniser must not assume more than its type, and may throw: it then does not recognise). */
  readonly got: Observation;
  readonly difference: Difference;
  /** The test the case belongs to: its component and the manifest rules it declares. */
  readonly test: { readonly id: string; readonly component: ComponentName; readonly rules: readonly string[] };
}

/**
 * A mistake in understanding, as the lecture would name it ("U/S must hold at
 * every level, not only the leaf"), with how to recognise it in a failing
 * case. An assignment's catalogue (`assignments/<id>/misconceptions/index.ts`,
 * found at run time) lists them most specific first: a case is diagnosed by
 * the first that recognises it. Recognisers read the case's observations
 * (which fault, which level, which bits, which access), never a bug's name.
 */
export interface Misconception {
  /** Short stable name, e.g. 'us-at-leaf-only'. */
  readonly id: string;
  /** The manifest rule it breaks. */
  readonly rule: string;
  /** The misconception in one line, as a TA would say it to the student. */
  readonly title: string;
  /** One to three plain sentences: what the hardware (or hypervisor) does instead, and why. Never the case's input. */
  readonly explanation: string;
  /** The lecture concept it belongs to, e.g. "Permission checks in a multi-level walk". */
  readonly concept: string;
  /** The component whose output shows it, when that is not the test's own (a sync bug seen in a hidden-fault test). */
  readonly component?: ComponentName;
  /** Whether this failing case shows the misconception. */
  recognise(failed: FailedCase): boolean;
}

/** What an assignment's `misconceptions/index.ts` exports. */
export interface AssignmentMisconceptions {
  readonly MISCONCEPTIONS: readonly Misconception[];
}

/**
 * What a failing case says about the student's understanding: the rule it
 * breaks and, when the catalogue recognises it, the misconception. Data only
 * (it is kept in results.json, for hidden tests too): grader-written text.
 */
export interface Diagnosis {
  readonly rule: string;
  /** The rule's statement, from the manifest. */
  readonly ruleTitle: string;
  /** The spec.md heading of the section that states the rule, from the manifest (absent in results written before it was kept). */
  readonly ruleSpec?: string;
  /** The component charged with the failure: the one whose output first differs. */
  readonly component: ComponentName;
  readonly misconception?: { readonly id: string; readonly title: string; readonly explanation: string; readonly concept: string };
}
