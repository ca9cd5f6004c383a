import { Params } from '../../generators/generator-params';

/** Params the walk generators share beyond assignments/generators/generator-params.ts. */

/** `name`: true or false; `fallback` when absent. */
export function booleanParam(params: Params, name: string, fallback: boolean): boolean {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`params.${name}: must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** `levels`: a non-empty list of paging depths, 4 and 5 (default both). */
export function depthsParam(params: Params): readonly (4 | 5)[] {
  const value = params.levels;
  if (value === undefined) return [4, 5];
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => item === 4 || item === 5)) {
    throw new Error(`params.levels: must be a non-empty list of 4, 5, got ${JSON.stringify(value)}`);
  }
  return [4, 5].filter((depth) => value.includes(depth)) as (4 | 5)[];
}
