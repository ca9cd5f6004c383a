import Ajv from 'ajv';
import * as path from 'path';
import { probeSchema } from '../../../assignments/framework/probe-schema';
import { loadAssignment } from '../../../assignments/framework/load-assignment';
import { realisticBugsOf } from '../../../assignments/framework/realistic-bugs';
import { assignmentTests } from '../../grade/assignment-tests';
import { parseObservation } from '../../grade/parse-observation';
import { vmlabRoot } from '../../../io/vmlab-root';
import { MachineObservation } from '../../../observe/machine/machine-observation';
import { observe } from '../../../observe/observe';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { referenceStep, stepProbe } from './observe-step';
import { renderStepThrough } from './render-step-through';
import { scenarioStepSource, testStepSource } from '../../grade/step-case-source';
import { StepCase, stepThroughView } from './step-through-view';

const ROOT = vmlabRoot();
const HOSTILE = '<script>alert(1)</script><img src="http://evil.example/x.png">';

/** No script, no handler attribute, nothing fetched: the page stands alone. */
function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/(src|href)\s*=\s*"(?!#)/i);
  expect(html).not.toMatch(/url\(/i);
}

/** The reference's every-event run of an example scenario, observed once per file: a run of a few dozen events with a snapshot after each costs about a second. */
const scenarioCases = new Map<string, Promise<StepCase>>();
function scenarioCase(file: string): Promise<StepCase> {
  let stepCase = scenarioCases.get(file);
  if (stepCase === undefined) {
    stepCase = scenarioStepSource(path.join(ROOT, 'examples', file)).then((source) => {
      const probe = stepProbe(source.probe);
      return { ...source, probe, expected: referenceStep(probe) };
    });
    scenarioCases.set(file, stepCase);
  }
  return stepCase;
}

describe('a scenario stepped through', () => {
  test('the reference alone: a section per event, each with its anchor, the TLB and the tables of every VM', async () => {
    const stepCase = await scenarioCase('two-vms.json');
    const view = stepThroughView(stepCase);
    const events = (stepCase.expected as MachineObservation).events.length;
    expect(view.steps.map((step) => step.anchor)).toEqual(Array.from({ length: events }, (_, index) => `event-${index}`));
    expect(view.steps.filter((step) => step.first)).toEqual([]);
    expect(view.steps.filter((step) => step.isDefault).map((step) => step.anchor)).toEqual(['event-0']);
    const afterWrites = view.steps[7];
    expect(afterWrites.vms.map((vm) => vm.title)).toEqual([expect.stringMatching(/^VM 1 after event 7/), expect.stringMatching(/^VM 2 after event 7/)]);
    expect(afterWrites.vms[0].parts.map((part) => part.title)).toEqual(['TLB', 'Guest page tables', expect.stringMatching(/^EPT\/NPT/)]);
    // The TLB is drawn with each entry's tags: the second VM's entries are tagged with its own VPID.
    const tlbOf = (vm: number) => afterWrites.vms[vm].parts[0].reference[0];
    expect(tlbOf(0).columns).toEqual(expect.arrayContaining(['VPID', 'PCID', 'Global']));
    const vpidColumn = tlbOf(0).columns.indexOf('VPID');
    expect(tlbOf(0).rows.length).toBeGreaterThan(0);
    expect(new Set(tlbOf(0).rows.map((row) => row.cells[vpidColumn]))).toEqual(new Set(['1']));
    expect(new Set(tlbOf(1).rows.map((row) => row.cells[vpidColumn]))).toEqual(new Set(['2']));
    const html = renderStepThrough(stepCase);
    expect(html).toContain('id="event-7"');
    expect(html).toContain('href="#event-8"');
    expectSelfContained(html);
  });

  test('the tagged observation a step-through page asks for is one the grader accepts from a student', async () => {
    const stepCase = await scenarioCase('two-vms.json');
    expect(stepCase.probe).toMatchObject({ snapshots: 'every-event', tlbTags: true });
    const parsed = parseObservation('machine', stepCase.expected);
    expect(parsed.ok ? 'ok' : parsed.problem).toBe('ok');
    const tlb = (stepCase.expected as MachineObservation).snapshots.flatMap((snapshot) => snapshot.vms.flatMap((vm) => vm.tlb));
    expect(tlb.length).toBeGreaterThan(0);
    expect(tlb.every((entry) => typeof entry.vpid === 'number' && typeof entry.pcid === 'number' && typeof entry.global === 'boolean')).toBe(true);
    const validProbe = new Ajv({ discriminator: true, strict: true, strictRequired: false, validateSchema: false }).compile(probeSchema);
    expect(validProbe(stepCase.probe)).toBe(true);
    expect(validProbe({ ...stepCase.probe, tlbTags: 'yes' })).toBe(false);
  });

  test("the student's run beside the reference's: the first difference is marked at its event, and the page opens there", async () => {
    const stepCase = await scenarioCase('fork-then-write.json');
    const expected = stepCase.expected as MachineObservation;
    // A machine that saw another value at one event: the judge names that event.
    const event = expected.events.findIndex((record) => record.outcome?.op === 'read');
    expect(event).toBeGreaterThanOrEqual(0);
    const events = expected.events.map((record, index) => (index === event && record.outcome?.op === 'read' ? { ...record, outcome: { ...record.outcome, value: 424242 } } : record));
    const view = stepThroughView({ ...stepCase, got: { observation: { ...expected, events } } });
    expect(view.steps.filter((step) => step.first).map((step) => step.anchor)).toEqual([`event-${event}`]);
    expect(view.steps.filter((step) => step.isDefault).map((step) => step.anchor)).toEqual([`event-${event}`]);
    const html = renderStepThrough({ ...stepCase, got: { observation: { ...expected, events } } });
    expect(html).toMatch(new RegExp(`<section id="event-${event}" class="step default first-step"`));
    expect(html).toContain('424242');
  });

  test('under an invariant check only the row the judge names is marked, not every row where the designs differ', async () => {
    const stepCase = { ...(await scenarioCase('context-switch.json')), check: 'invariant' as const };
    const expected = stepCase.expected as MachineObservation;
    const withTlb = expected.snapshots.filter((snapshot) => snapshot.vms[0].tlb.length > 0).map((snapshot) => snapshot.afterEvent);
    expect(withTlb.length).toBeGreaterThan(1);
    const [flushed, stale] = [withTlb[0], withTlb.at(-1)!];
    // A design that flushes its TLB after one event (allowed) and, later, keeps a translation the guest never had (a stale entry).
    const bogus = { page: '0x7ff000000', frame: '0x1000', rights: 'rw-u', dirty: true };
    const snapshots = expected.snapshots.map((snapshot) => {
      if (snapshot.afterEvent === flushed) return { ...snapshot, vms: snapshot.vms.map((vm) => ({ ...vm, tlb: [] })) };
      if (snapshot.afterEvent === stale) return { ...snapshot, vms: snapshot.vms.map((vm) => ({ ...vm, tlb: [...vm.tlb, bogus] })) };
      return snapshot;
    });
    const got = { ...expected, snapshots };
    const marked = (check: 'policy' | 'invariant', event: number) =>
      stepThroughView({ ...stepCase, check, got: { observation: got } })
        .steps.find((step) => step.anchor === `event-${event}`)!
        .vms.flatMap((vm) => vm.parts.flatMap((part) => [...part.reference, ...(part.yours ?? [])].flatMap((table) => table.rows.filter((row) => row.differs).map((row) => `${part.title}: ${row.cells[0]}`))));
    const view = stepThroughView({ ...stepCase, got: { observation: got } });
    expect(view.steps.filter((step) => step.first).map((step) => step.anchor)).toEqual([`event-${stale}`]);
    expect(marked('invariant', flushed)).toEqual([]);
    expect(marked('invariant', stale)).toEqual(['TLB: 0x7ff000000']);
    // Under a policy check the sides must agree entry by entry: the flushed entries are marked too.
    expect(marked('policy', flushed).length).toBeGreaterThan(0);
  });

  test("what the student's machine returned is escaped and cut short, never markup", async () => {
    const stepCase = await scenarioCase('two-vms.json');
    const expected = stepCase.expected as MachineObservation;
    // What passes the observation schema: free text only where a message is (a thrown error's).
    const got = { kind: 'machine' as const, mode: expected.mode, events: expected.events.slice(0, 4), snapshots: expected.snapshots.slice(0, 3), stopped: { event: 3, message: HOSTILE.repeat(20) } };
    const parsed = parseObservation('machine', got);
    expect(parsed.ok ? 'ok' : parsed.problem).toBe('ok');
    const html = renderStepThrough({ ...stepCase, got: { observation: parsed.ok ? parsed.observation : got } });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#x3D;');
    expect(html).not.toContain(HOSTILE.repeat(2));
    expect(html).toContain('<strong class="marker">differs</strong>');
    expectSelfContained(html);
  });
});

describe('a walk stepped through', () => {
  const walk = loadAssignment(path.join(ROOT, 'assignments', 'walk'));
  const bug = realisticBugsOf('walk').find((candidate) => candidate.id.includes('indexShiftOffByOne'))!;

  test("each step is one entry read; the student's first wrong read is marked, and the outcome is a step of its own", () => {
    const source = testStepSource(walk, 'walk.public.worked-vector-4k', 0);
    expect(source.probe.kind).toBe('walk');
    const got = observe(source.probe, { ...REFERENCE_COMPONENTS, ...bug.components });
    const stepCase: StepCase = { ...source, expected: referenceStep(source.probe), got: { observation: got } };
    const view = stepThroughView(stepCase);
    expect(view.steps.at(-1)!.anchor).toBe('outcome');
    expect(view.steps.slice(0, -1).map((step) => step.anchor)).toEqual(view.steps.slice(0, -1).map((_, index) => `event-${index + 1}`));
    const first = view.steps.filter((step) => step.first);
    expect(first).toHaveLength(1);
    expect(first[0].walk!.steps.at(-1)!.first).toBe(true);
    expect(view.summary).toMatch(/^First difference/);
    expectSelfContained(renderStepThrough(stepCase));
  });

  test('a hidden test gets no page', () => {
    const hidden = assignmentTests(walk, undefined).find((test) => test.visibility === 'hidden')!;
    expect(() => testStepSource(walk, hidden.id, 0)).toThrow(/only visible tests/);
  });
});
