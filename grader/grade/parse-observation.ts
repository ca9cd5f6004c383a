import Ajv, { ValidateFunction } from 'ajv';
import { Difference } from '../../observe/difference';
import { Observation } from '../../observe/observation';
import { ProbeKind } from '../../observe/probe-types';
import { describeSchemaErrors } from '../../assignments/framework/validators';
import { observationSchema } from './observation-schema';

/** What the child returned for one probe: an observation the judge may read, or why it is not one. */
export type ParsedObservation = { readonly ok: true; readonly observation: Observation } | { readonly ok: false; readonly problem: string };

/** Longest problem text kept: a path may name keys the student's code chose. */
const MAX_PROBLEM_LENGTH = 300;

const validators = new Map<ProbeKind, ValidateFunction>();
let ajv: Ajv | undefined;

/** The validator of one probe kind, compiled on first use (an assignment grades one or two kinds; compiling is most of the cost). */
function validatorFor(kind: ProbeKind): ValidateFunction {
  let validate = validators.get(kind);
  if (validate === undefined) {
    // allErrors off: the first problem is the one reported, and checking stops there (a forged list is not walked to its end).
    ajv ??= new Ajv({ allErrors: false, discriminator: true, strict: true, strictRequired: false });
    validate = ajv.compile(observationSchema(kind));
    validators.set(kind, validate);
  }
  return validate;
}

/**
 * Is `value`, which the sandbox child returned for a probe of `kind`, an
 * observation of the shape the contract fixes (observation-schema.ts)? Only
 * one that is reaches the judge; the problem of one that is not says where
 * ("result.address: must match pattern …"), cut to a bounded length.
 */
export function parseObservation(kind: ProbeKind, value: unknown): ParsedObservation {
  const validate = validatorFor(kind);
  if (validate(value)) return { ok: true, observation: value as Observation };
  const kindProblem = wrongKind(kind, value);
  const problem = kindProblem ?? describeSchemaErrors(validate.errors)[0] ?? '(top level): not an observation';
  return { ok: false, problem: problem.length > MAX_PROBLEM_LENGTH ? `${problem.slice(0, MAX_PROBLEM_LENGTH)} […]` : problem };
}

/** ajv's discriminator error names no kinds; this one says which the probe wants. */
function wrongKind(kind: ProbeKind, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `(top level): must be an object, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`;
  const got = (value as { kind?: unknown }).kind;
  if (got === kind || got === 'error') return undefined;
  return `kind: must be "${kind}" (what a component returns for this probe) or "error", not ${typeof got === 'string' ? JSON.stringify(got.slice(0, 40)) : got === undefined ? 'missing' : typeof got}`;
}

/** The difference a malformed observation fails its case with. */
export function malformedDifference(problem: string): Difference {
  return {
    where: 'your component',
    field: 'result',
    expected: 'a result of the shape the assignment describes',
    got: `a malformed result (${problem})`,
    message: `your component returned a malformed result: ${problem}`,
  };
}
