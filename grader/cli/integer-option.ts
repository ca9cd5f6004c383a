import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for an integer option in [min, max]. Commander
 * turns the thrown InvalidArgumentError into its usual usage error
 * ("option '--seed <n>' argument 'x' is invalid. ...").
 */
export function integerIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`It must be an integer in [${min}, ${max}].`);
    }
    return value;
  };
}
