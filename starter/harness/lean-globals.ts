/**
 * A lean type-check: the language's own globals and a console, not the
 * hundred files of Node's (and jest's) types a handout's tsconfig names,
 * whose parse is most of the cost of checking a few student files. Most
 * code needs nothing more; a check that then reports a missing name is done
 * again with every type the tsconfig names (type-check-changed.ts for
 * `npm test`, grader/compile for the grader and `npm run report`).
 */

/** The declarations a lean check has of the host's globals: a console, as Node's. */
export const LEAN_GLOBALS = `interface Console {
  log(...data: any[]): void;
  info(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
  debug(...data: any[]): void;
  trace(...data: any[]): void;
  dir(item?: any, options?: any): void;
  table(tabularData: any, properties?: readonly string[]): void;
  assert(value: any, ...message: any[]): void;
  count(label?: string): void;
  group(...label: any[]): void;
  groupEnd(): void;
  time(label?: string): void;
  timeEnd(label?: string): void;
}
declare var console: Console;
`;

/** Diagnostics of a name or a module the lean check may lack (TS2304 Cannot find name 'x', and its kin), whatever the code's own fault. */
export const MISSING_NAME_CODES = new Set([2304, 2307, 2503, 2552, 2580, 2581, 2582, 2583, 2584, 2591, 2592, 2593, 2694, 2724, 2339]);

