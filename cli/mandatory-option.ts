import { Command } from 'commander';

/**
 * The value of an option the command cannot run without. Commander checks
 * `requiredOption`s before it looks for unknown options, so a typo such as
 * `--scenaro x` would be reported as a missing --scenario instead of an
 * unknown option with a suggestion. Checked here, in the action, the typo is
 * reported first.
 */
export function mandatory<T>(command: Command, flags: string, value: T | undefined): T {
  if (value === undefined) command.error(`error: required option '${flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
  return value;
}
