import { VmlabError } from '../../reference/errors';

/** A manifest or suite that cannot be used. The message is the first problem; `problems` has them all, each located as `file: path: what`. */
export class AssignmentInvalidError extends VmlabError {
  constructor(readonly problems: readonly string[]) {
    super('ASSIGNMENT_INVALID', problems[0]);
    this.name = 'AssignmentInvalidError';
  }
}
