/**
 * How many positions a step-by-step comparison of two lists visits: the
 * longer list's length. Observations may come from code under test, so a
 * "list" that is not an array (a `length` that is a string, NaN, or missing)
 * throws here, which fails the case (judge-test.ts), instead of producing a
 * NaN bound that makes the comparison loop never run and the case pass.
 */
export function pairedLength(expected: unknown, got: unknown, what: string): number {
  if (!Array.isArray(expected)) throw new Error(`the expected ${what} is not a list`);
  if (!Array.isArray(got)) throw new Error(`the ${what} returned is not a list`);
  return Math.max(expected.length, got.length);
}
