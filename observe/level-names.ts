/** The SDM's names of the tables at each level of a 4- or 5-level walk, leaf (1) up. */
const TABLE_NAMES = ['', 'PT', 'PD', 'PDPT', 'PML4', 'PML5'];

export function tableName(level: number): string {
  return TABLE_NAMES[level] ?? `level-${level} table`;
}

/** "PDPTE (level 3)": the entry a walk reads at `level`. */
export function entryName(level: number): string {
  return `${tableName(level)}E (level ${level})`;
}
