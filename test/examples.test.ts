import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parseScenario } from '../reference/scenario/validate';
import { modeDisagreements } from './support/mode-equivalence';

/** The shipped examples are what users run first: each must parse and show the modes agreeing with the model. */
const EXAMPLES_DIR = join(__dirname, '..', 'examples');
const files = readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort();

it('there are examples to check', () => {
  expect(files.length).toBeGreaterThan(0);
});

// it.each refuses an empty table; the test above already fails in that case.
if (files.length > 0) {
  it.each(files)('%s: parses, and every mode gives the model outcomes', (file) => {
    const scenario = parseScenario(JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')));
    expect(modeDisagreements(scenario, file)).toEqual([]);
  });
}
