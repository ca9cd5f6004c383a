import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'fs';
import { describeFsError } from '../../io/fs-errors';
import { AssignmentInvalidError } from './assignment-problems';
import { describeSchemaErrors } from './validators';

/** Read a JSON file of an assignment and check it against its schema; every problem is located by file (and path). */
export function readCheckedJson<T>(file: string, validate: ValidateFunction<T>, what: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AssignmentInvalidError([`${file}: cannot read the ${what}: ${describeFsError(error)}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AssignmentInvalidError([`${file}: not valid JSON: ${(error as Error).message}`]);
  }
  if (!validate(value)) {
    throw new AssignmentInvalidError(describeSchemaErrors(validate.errors).map((line) => `${file}: ${line}`));
  }
  return value;
}
