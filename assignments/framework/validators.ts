import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { formatPath } from '../../reference/scenario/problems';
import { AssignmentManifest, SuiteDocument } from './manifest-types';
import { manifestSchema, suiteSchema } from './manifest-schema';

interface Validators {
  readonly manifest: ValidateFunction<AssignmentManifest>;
  readonly suite: ValidateFunction<SuiteDocument>;
}

let validators: Validators | undefined;

/** Compiled once per process, on first use. */
export function assignmentValidators(): Validators {
  if (validators === undefined) {
    const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false, validateSchema: false });
    validators = { manifest: ajv.compile(manifestSchema), suite: ajv.compile(suiteSchema) };
  }
  return validators;
}

/**
 * ajv's errors as `path: message` lines. A probe's failed `oneOf` branches
 * each report; the errors under the branch the discriminator chose are the
 * useful ones, so the generic "must match exactly one schema" lines are
 * dropped when something more specific exists.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const all = errors ?? [];
  const specific = all.filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if');
  const chosen = specific.length > 0 ? specific : all;
  const lines = chosen.map((error) => `${locate(error.instancePath)}: ${describe(error)}`);
  return [...new Set(lines)];
}

function locate(pointer: string): string {
  if (pointer === '') return '(top level)';
  const segments = pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  return formatPath(segments);
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field "${String(error.params.additionalProperty)}"`;
    case 'required':
      return `missing field "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return error.message ?? error.keyword;
  }
}
