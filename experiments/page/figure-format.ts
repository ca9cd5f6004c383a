/** Figures as the page writes them: always with a thousands separator, whatever the machine's locale. */
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count: "12,345". */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** A ratio such as cycles per access or references per walk: "1,234.5", "4.0". */
export function formatRatio(value: number): string {
  return ONE_DECIMAL.format(value);
}
