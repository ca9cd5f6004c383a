import { Scenario } from '../../reference/scenario/types';

/**
 * A scenario document as JSON text for people as well as programs: the
 * top-level fields indented, each event on one line, as SCENARIO.md writes
 * them. A long generated scenario stays readable and diffs event by event.
 */
export function formatScenarioJson(scenario: Scenario): string {
  const fields = Object.entries(scenario).filter(([key]) => key !== 'events');
  const lines = fields.map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`);
  const events = scenario.events.map((event) => `    ${oneLine(event)}`);
  lines.push(events.length === 0 ? '  "events": []' : `  "events": [\n${events.join(',\n')}\n  ]`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function oneLine(value: object): string {
  return `{ ${Object.entries(value)
    .map(([key, field]) => `${JSON.stringify(key)}: ${JSON.stringify(field)}`)
    .join(', ')} }`;
}
