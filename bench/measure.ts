/** Operations per second of `body(iterations)`, best of `rounds` (the least disturbed run). */
export function bestRate(iterations: number, body: (iterations: number) => void, rounds = 3): number {
  body(Math.min(iterations, 10_000)); // warm up the JIT
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    body(iterations);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, iterations / seconds);
  }
  return best;
}

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target and whether higher or lower is better; absent for context figures. */
  readonly target?: { readonly value: number; readonly better: 'higher' | 'lower' };
}

export function meetsTarget(figure: Figure): boolean | undefined {
  if (figure.target === undefined) return undefined;
  return figure.target.better === 'higher' ? figure.value >= figure.target.value : figure.value <= figure.target.value;
}

export function formatFigures(figures: readonly Figure[]): string {
  const width = Math.max(...figures.map((figure) => figure.name.length));
  return figures
    .map((figure) => {
      const value = `${figure.value >= 100 ? figure.value.toFixed(0) : figure.value.toFixed(2)} ${figure.unit}`;
      const met = meetsTarget(figure);
      const target =
        figure.target === undefined
          ? ''
          : `  target ${figure.target.better === 'higher' ? '>=' : '<='} ${figure.target.value} ${figure.unit}  ${met ? 'ok' : 'MISSED'}`;
      return `${figure.name.padEnd(width)}  ${value.padStart(14)}${target}`;
    })
    .join('\n');
}
