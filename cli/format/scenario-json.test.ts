import { Scenario } from '../../reference/scenario/types';
import { formatScenarioJson } from './scenario-json';

describe('formatScenarioJson', () => {
  const scenario: Scenario = {
    name: 'x',
    machine: { mode: 'ept', tlb: { entries: 8, ways: 2 } },
    events: [
      { op: 'spawn', vm: 1, pid: 1 },
      { op: 'write', vm: 1, pid: 1, va: '0x400000', value: 7 },
    ],
  };

  it('is the same document', () => {
    expect(JSON.parse(formatScenarioJson(scenario))).toEqual(scenario);
  });

  it('writes one event per line, as SCENARIO.md does', () => {
    expect(formatScenarioJson(scenario)).toBe(
      [
        '{',
        '  "name": "x",',
        '  "machine": {',
        '    "mode": "ept",',
        '    "tlb": {',
        '      "entries": 8,',
        '      "ways": 2',
        '    }',
        '  },',
        '  "events": [',
        '    { "op": "spawn", "vm": 1, "pid": 1 },',
        '    { "op": "write", "vm": 1, "pid": 1, "va": "0x400000", "value": 7 }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes no events as an empty list', () => {
    expect(JSON.parse(formatScenarioJson({ events: [] }))).toEqual({ events: [] });
  });
});
