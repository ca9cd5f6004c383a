import { BitTableView } from './bit-view';
import { MachineRunView } from './machine-view';
import { PictureView } from './picture-view';
import { GridView } from './two-d-view';
import { PairView, WalkTableView } from './walk-view';

/**
 * A failing case's picture as plain text for a terminal (a handout's `npm
 * test`): the same views, and so the same words, the student report draws
 * (walk-view.ts, two-d-view.ts, machine-view.ts, bit-view.ts), laid out in
 * aligned columns. `>` marks the first difference, `*` a value of yours that
 * differs from the reference's.
 */
export function pictureText(view: PictureView): string {
  if (view.walk !== null) return walkText(view.walk);
  if (view.grid !== null) return gridText(view.grid);
  return runText((view.machine ?? view.tlb)!);
}

const FIRST = '>';
const DIFFERS = '*';

function walkText(walk: WalkTableView): string {
  const rows = walk.steps.flatMap((step) =>
    step.rows.map((side, index) => [
      index === 0 ? `${step.first ? FIRST : ' '} ${step.step}` : '',
      side.whose,
      ...(side.cells.length === 0 ? [side.none] : side.cells.map((cell) => (cell.differs ? `${DIFFERS}${cell.text}` : cell.text))),
    ]),
  );
  return [
    walk.caption,
    walk.explanation,
    ...(walk.addressSplit === '' ? [] : [walk.addressSplit]),
    ...table(['  step', 'whose', ...walk.columns], rows),
    pairText('Outcome', walk.outcome),
    ...(walk.stray === null ? [] : [pairText('A/D writes into entries not read', walk.stray)]),
    ...bitsText(walk.entryBits),
    ...bitsText(walk.codeBits),
  ].join('\n');
}

function gridText(grid: GridView): string {
  const lines = [grid.caption, grid.explanation];
  for (const row of grid.rows) {
    lines.push(row.label);
    row.cells.forEach((cell, column) => {
      const marker = cell.first ? FIRST : ' ';
      const heading = `${marker} ${grid.columns[column] ?? ''}: `;
      if (!cell.reached) lines.push(`${heading}${cell.empty}`);
      else if (cell.final) lines.push(`${heading}${cell.address}${cell.got === '' ? '' : `; yours ${DIFFERS}${cell.got}`}`);
      else {
        const ad = cell.adBits === '' ? '' : `, A/D set ${cell.adBits}`;
        lines.push(`${heading}#${cell.number} ${cell.what}: hPA ${cell.address}, entry ${cell.entry}${ad}${cell.got === '' ? '' : `; yours ${DIFFERS}${cell.got}`}`);
      }
    });
  }
  for (const extra of grid.beyond) lines.push(`${extra.first ? FIRST : ' '} yours, past the reference's walk: ${extra.text}`);
  lines.push(pairText('Outcome', grid.outcome), ...bitsText(grid.entryBits), ...bitsText(grid.codeBits));
  return lines.join('\n');
}

function runText(run: MachineRunView): string {
  const rows = run.events.flatMap((event) => {
    const expected = [`${event.first ? FIRST : ' '} ${event.what}`, ...event.cells.map((cell) => cell.expected)];
    const differs = event.cells.some((cell) => cell.differs);
    const got = ['    yours', ...event.cells.map((cell) => (cell.differs ? `${DIFFERS}${cell.got}` : ''))];
    return differs ? [expected, got] : [expected];
  });
  const lines = [run.caption, run.explanation, ...table(run.columns.map((column, index) => (index === 0 ? `  ${column}` : column)), rows)];
  if (run.stats !== null) {
    lines.push(run.stats.explanation);
    for (const stat of run.stats.rows) lines.push(`  ${stat.differs ? DIFFERS : ' '}${stat.name}: ${stat.differs ? `expected ${stat.expected}, got ${stat.got}` : stat.expected}`);
  }
  if (run.entry !== null) lines.push(...bitsText(run.entry.bits));
  lines.push(...bitsText(run.codeBits));
  return lines.join('\n');
}

function pairText(name: string, pair: PairView): string {
  const marker = pair.first ? FIRST : ' ';
  return pair.differs ? `${marker} ${name}: expected ${pair.expected}\n${' '.repeat(name.length + 4)}got ${DIFFERS}${pair.got}` : `${marker} ${name}: ${pair.expected}`;
}

/**
 * A bit table in a few lines (a terminal has no room for 64 rows): the
 * sides' values, then the fields that differ, or where none is compared
 * (one side has no such register) the fields set on either side.
 */
function bitsText(bits: BitTableView | null): string[] {
  if (bits === null) return [];
  const differing = bits.rows.filter((row) => row.differs);
  const shown = differing.length > 0 ? differing : bits.rows.filter((row) => row.values.some((value) => !UNSET.has(value)));
  return [
    `${bits.caption}: ${bits.sides.map((side) => `${side.label} ${side.value}`).join(', ')}${bits.summary === '' ? '' : `. ${bits.summary}`}`,
    ...shown.map((row) => `  ${row.differs ? DIFFERS : ' '}bit${row.bits.includes(':') ? 's' : ''} ${row.bits} ${row.name}: ${bits.sides.map((side, index) => `${side.label} ${row.values[index]}`).join(', ')}`),
  ];
}

/** How a bit table shows a field that is clear, or a side without the register. */
const UNSET = new Set(['0', '0x0', '—']);

/** Rows under a header, each column as wide as its widest cell, separated by two spaces. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
