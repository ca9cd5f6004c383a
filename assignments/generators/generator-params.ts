/**
 * Reading a generator's `params` object from a suite file. A bad value throws
 * an Error naming the parameter (the suite loader adds the file and test).
 */
export type Params = Readonly<Record<string, unknown>>;

/** Refuse parameters the generator does not know: a typo must not silently fall back to a default. */
export function checkParamNames(params: Params, known: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!known.includes(name)) {
      throw new Error(known.length === 0 ? `params.${name}: this generator takes no parameters` : `params.${name}: unknown parameter (known: ${known.join(', ')})`);
    }
  }
}

export function levelsParam(params: Params, fallback: 4 | 5): 4 | 5 {
  const value = params.levels ?? fallback;
  if (value !== 4 && value !== 5) throw new Error(`params.levels: must be 4 or 5, got ${JSON.stringify(value)}`);
  return value;
}

export function integerParam(params: Params, name: string, fallback: number, min: number, max: number): number {
  const value = params[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`params.${name}: must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function fractionParam(params: Params, name: string, fallback: number): number {
  const value = params[name] ?? fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`params.${name}: must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  return value;
}

/** Generators that enumerate a space accept any count (0 = all); the others need at least one case. */
export function requirePositiveCount(count: number): void {
  if (count < 1) throw new Error(`count: this generator has no finite list of cases, so it needs a count of at least 1`);
}

/** A dimension narrowed to some of its values: a non-empty array drawn from `allowed`, all of them by default. */
export function choiceParam<T extends string | boolean>(params: Params, name: string, allowed: readonly T[]): readonly T[] {
  const value = params[name];
  if (value === undefined) return allowed;
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => allowed.includes(item as T))) {
    throw new Error(`params.${name}: must be a non-empty list of ${allowed.map((item) => JSON.stringify(item)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return allowed.filter((item) => value.includes(item));
}
