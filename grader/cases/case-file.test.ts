import { readFileSync } from 'fs';
import * as path from 'path';
import { observe } from '../../observe/observe';
import { MachineProbe, WalkProbe } from '../../observe/probe-types';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { ScenarioBuilder } from '../../reference/scenario/builder';
import { CASE_FORMAT, CaseFile, caseFileName, caseFileText, parseCaseText } from './case-file';

const machineProbe: MachineProbe = { kind: 'machine', scenario: new ScenarioBuilder({ machine: { mode: 'shadow' } }).spawn(1).mmap(1, 0x400000, 1, 'rw').read(1, 0x400010).build() };
const walkProbe: WalkProbe = { kind: 'walk', root: '0x1000', va: '0x0', access: 'read', control: {}, memory: { '0x1000': '0x2003' } } as unknown as WalkProbe;

function caseOf(probe: MachineProbe, withExpected: boolean): CaseFile {
  return {
    format: CASE_FORMAT,
    test: { id: 'shadow.public.first-read', title: 'First read' },
    check: 'invariant',
    probe,
    ...(withExpected ? { expected: observe(probe, REFERENCE_COMPONENTS) } : {}),
    shrunkFrom: { parts: 9, partName: 'events' },
  };
}

test('a case file reads back as written, with or without its expected observation', () => {
  for (const withExpected of [false, true]) {
    const written = caseOf(machineProbe, withExpected);
    expect(parseCaseText(caseFileText(written), 'case.json')).toEqual(JSON.parse(JSON.stringify(written)));
  }
  expect(parseCaseText(`\uFEFF${caseFileText(caseOf(machineProbe, false))}`, 'bom.json').test.id).toBe('shadow.public.first-read');
  expect(parseCaseText(caseFileText(caseOf(machineProbe, false)), 'case.json', 'policy').check).toBe('policy');
});

test('a scenario file is read as a machine case judged by invariants', () => {
  const file = path.join(__dirname, '..', '..', 'examples', 'two-vms.json');
  const read = parseCaseText(readFileSync(file, 'utf8'), file);
  expect(read).toMatchObject({ format: CASE_FORMAT, check: 'invariant', test: { id: 'scenario', title: file }, probe: { kind: 'machine' } });
  expect(read.expected).toBeUndefined();
  expect(read.probe.kind === 'machine' && read.probe.scenario.events.length).toBeGreaterThan(0);
});

test('a test id becomes a safe file name', () => {
  expect(caseFileName('shadow.public.first-read')).toBe('shadow.public.first-read.json');
  expect(caseFileName('../../etc/passwd')).toBe('.._.._etc_passwd.json');
  expect(caseFileName('x'.repeat(300))).toHaveLength(125);
});

describe('a malformed file is refused, naming the file and the problem', () => {
  const good = JSON.parse(caseFileText(caseOf(machineProbe, true))) as Record<string, unknown>;
  const refused = (document: unknown) => () => parseCaseText(typeof document === 'string' ? document : JSON.stringify(document), 'bad-case.json');

  it('invalid JSON, with its line and column', () => {
    expect(refused('{\n  "format": "vmlab-case-1",\n  oops\n}')).toThrow(/^bad-case\.json: line 3, column \d+:.*invalid JSON/s);
  });
  it('neither a case nor a scenario', () => {
    expect(refused([1, 2])).toThrow(/bad-case\.json: not a vmlab case file \(nor a scenario with "events"\)/);
    expect(refused({ ...good, format: 'vmlab-case-9' })).toThrow(/bad-case\.json: not a vmlab case file[\s\S]*format/);
    expect(refused({ ...good, check: 'exact' })).toThrow(/bad-case\.json:[\s\S]*check/);
    expect(refused({ ...good, extra: 1 })).toThrow(/bad-case\.json:[\s\S]*extra/);
  });
  it('a probe whose scenario the simulator refuses', () => {
    const scenario = { ...machineProbe.scenario, events: [{ op: 'read', vm: 0, pid: 7, va: '0x400000' }] };
    expect(refused({ ...good, probe: { kind: 'machine', scenario }, expected: undefined })).toThrow(/bad-case\.json: /);
    expect(refused({ events: [{ op: 'nonsense' }] })).toThrow(/bad-case\.json: /);
  });
  it('an expected observation of another kind of probe, or malformed', () => {
    expect(refused({ ...good, expected: observe(walkProbe, REFERENCE_COMPONENTS) })).toThrow(/bad-case\.json: "expected" is not an observation of a machine probe/);
    expect(refused({ ...good, expected: { kind: 'machine', events: 'many' } })).toThrow(/bad-case\.json: "expected" is not an observation of a machine probe/);
  });
});
