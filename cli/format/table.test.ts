import { formatFields, formatTable } from './table';

describe('formatTable', () => {
  it('left-aligns labels (indented by depth), right-aligns cells, and trims trailing spaces', () => {
    const text = formatTable(
      ['statistic', 'native', 'ept'],
      [
        { label: 'accesses', depth: 0, cells: ['2', '2'] },
        { label: 'vmExitsByReason', depth: 0, cells: [] },
        { label: 'ept-violation', depth: 1, cells: ['0', '12'] },
      ],
    );
    expect(text).toBe(
      ['statistic        native  ept', 'accesses              2    2', 'vmExitsByReason', '  ept-violation       0   12', ''].join('\n'),
    );
  });
});

describe('formatFields', () => {
  it('lines the values up after the longest label', () => {
    expect(formatFields([['scenario', 'x'], ['mode', 'ept']])).toBe('scenario  x\nmode      ept\n');
  });
});
