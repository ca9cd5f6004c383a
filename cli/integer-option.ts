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

/** A commander argument parser for a fraction in (0, 1]: a decimal such as 0.2 or 1. */
export function fractionUpToOne(text: string): number {
  const value = /^\d*\.?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value > 0 && value <= 1)) throw new InvalidArgumentError('It must be a number greater than 0 and at most 1.');
  return value;
}
