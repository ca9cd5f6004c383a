/** A row of a text table: a label (indented by `depth`) and one cell per column. */
export interface TableRow {
  readonly label: string;
  readonly depth: number;
  readonly cells: readonly string[];
}

/**
 * Lay out rows as aligned text: labels left-aligned, cells right-aligned (they
 * are numbers), two spaces between columns. `header` names the label column
 * and then each cell column.
 */
export function formatTable(header: readonly string[], rows: readonly TableRow[]): string {
  const labels = [header[0], ...rows.map((row) => '  '.repeat(row.depth) + row.label)];
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const columns = header.slice(1).map((title, column) => Math.max(title.length, ...rows.map((row) => (row.cells[column] ?? '').length)));
  const line = (label: string, cells: readonly string[]): string =>
    [label.padEnd(labelWidth), ...columns.map((width, column) => (cells[column] ?? '').padStart(width))].join('  ').trimEnd();
  return [line(header[0], header.slice(1)), ...rows.map((row, i) => line(labels[i + 1], row.cells))].join('\n') + '\n';
}

/** Label-value lines with the values lined up: `scenario  fork-then-write`. */
export function formatFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join('');
}
