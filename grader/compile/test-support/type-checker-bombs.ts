/**
 * Student files that make TypeScript's type checker work without end, for
 * the tests of the compile worker's limits. Both are valid TypeScript with
 * no error: only the checker's time or memory gives them away.
 */

/** Comparisons per function: just under the size at which TypeScript gives up on a function's control flow. */
const COMPARISONS_PER_FUNCTION = 1000;
const VARIABLES = 10;
const MAX_NESTING = 12;

/**
 * Functions of randomly nested `if (a === b)` over boolean variables (the
 * shape of TypeScript issue 28617): narrowing each reference walks back
 * through every enclosing comparison, so checking one such function takes
 * the checker over a minute of CPU (82 s on the 2-core machine this was
 * measured on), in under 60 MB. `functions` of them take that many times as
 * long; the text is about 64 kB a function.
 */
export function timeBomb(functions: number): string {
  const random = lcg(28617);
  const lines = ['// Valid TypeScript that keeps the type checker busy.'];
  for (let f = 0; f < functions; f += 1) {
    lines.push(`export function busy${f}(): void {`);
    lines.push(`  let ${Array.from({ length: VARIABLES }, (_, i) => `s${i} = Boolean(Math.random())`).join(', ')};`);
    let written = 0;
    const block = (depth: number): void => {
      while (written < COMPARISONS_PER_FUNCTION && random() < 0.7) {
        written += 1;
        const [a, b] = [Math.floor(random() * VARIABLES), Math.floor(random() * VARIABLES)];
        lines.push(`${'  '.repeat(depth)}if (s${a} === s${b}) {`);
        if (depth < MAX_NESTING) block(depth + 1);
        lines.push(`${'  '.repeat(depth)}}`);
      }
    };
    while (written < COMPARISONS_PER_FUNCTION) block(1);
    lines.push(`  void [${Array.from({ length: VARIABLES }, (_, i) => `s${i}`).join(', ')}];`, '}');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Recursive conditional types building tuples of 999 elements one element at
 * a time: each line makes the checker hold about 250 MB (a thousand tuples
 * and their members) for about a second of CPU.
 */
export function memoryBomb(lines: number): string {
  const uses = Array.from({ length: lines }, (_, i) => `export const heavy${i}: Tuple<999, ${i}> = null!;`);
  return ['type Tuple<N extends number, T, A extends unknown[] = []> = A["length"] extends N ? A : Tuple<N, T, [...A, T]>;', ...uses].join('\n') + '\n';
}

/** A small deterministic generator of numbers in [0, 1), so a bomb is the same text every time. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
