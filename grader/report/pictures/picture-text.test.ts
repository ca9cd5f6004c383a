import { REALISTIC_BUGS as SHADOW_BUGS } from '../../../assignments/shadow/bugs';
import { guestEntryFirst } from '../../../assignments/nested/test-support/buggy-nested-walkers';
import { sketchWalker } from '../../../assignments/walk/test-support/sketch-walker';
import { Components } from '../../../reference/components';
import { failedCases } from '../test-support/failed-cases';
import { failurePicture } from './failure-picture';
import { pictureText } from './picture-text';
import { pictureView } from './picture-view';

/**
 * The terminal's text of a failing case, from real runs with one mistake
 * each: the same words as the report's drawing, laid out in columns.
 */
function texts(assignment: 'walk' | 'shadow' | 'nested', components: Partial<Components>): { id: string; text: string }[] {
  return failedCases(assignment, components, (suite) => suite === 'public').map(({ test, failed }) => {
    const view = pictureView(failurePicture(failed));
    if (view === null) throw new Error(`${test.id}: no picture`);
    return { id: test.id, text: pictureText(view) };
  });
}

test('a walk that sets D on a read: every step with its entry flags, the step marked, the A/D bits of yours starred', () => {
  const found = texts('walk', { walker: sketchWalker(['dirtyOnEveryAccess']) }).find(({ id }) => id === 'walk.public.accessed-bits');
  expect(found).toBeDefined();
  const lines = found!.text.split('\n');
  expect(lines[0]).toBe('The walk of 0x7f1234567abc, level by level');
  expect(lines).toContainEqual(expect.stringMatching(/^ {2}step {2}whose {6}Entry read {7}Index {2}Entry address {2}Entry value {2}Flags set {2}A\/D the walk sets$/));
  // Each step: the reference's row with the entry's flags, yours under it; the marked step's A/D bits differ.
  expect(lines).toContainEqual(expect.stringMatching(/^ {2}1 {5}reference {2}PML4E \(level 4\) {2}254 +0x17f0 +0x\w+ +P RW US +0x20 \(A\)$/));
  expect(lines).toContainEqual(expect.stringMatching(/^> 4 {5}reference {2}PTE \(level 1\) .* 0x20 \(A\)$/));
  expect(lines).toContainEqual(expect.stringMatching(/^ {8}yours {6}PTE \(level 1\) .* \*0x60 \(A\|D\)$/));
  expect(lines).toContainEqual(expect.stringMatching(/^ {2}Outcome: a translation to 0x5abc/));
});

test('a walk that ignores U/S: the outcome expected and got, and the bits of the error code only the reference reports', () => {
  const found = texts('walk', { walker: sketchWalker(['ignoresUser']) }).find(({ text }) => text.includes('> Outcome: expected'));
  expect(found).toBeDefined();
  const lines = found!.text.split('\n');
  const outcome = lines.findIndex((line) => line.startsWith('> Outcome: expected'));
  expect(lines[outcome]).toMatch(/^> Outcome: expected a protection fault at level \d$/);
  expect(lines[outcome + 1]).toMatch(/^ {11}got \*a translation to 0x/);
  // Yours has no error code to compare: the bits the reference's sets are listed.
  expect(found!.text).toMatch(/The #PF error code, bit by bit: reference 0x\w+, yours none\n {3}bit 0 P: .*: reference 1, yours —/);
});

test('a shadow handler that maps clean pages writable: the events up to the first difference, the entry field by field, RW starred', () => {
  const bug = SHADOW_BUGS.find((candidate) => candidate.id === 'cleanPageWritable');
  expect(bug).toBeDefined();
  const all = texts('shadow', bug!.components);
  expect(all.length).toBeGreaterThan(0);
  const marked = all.find(({ text }) => /^> event \d+: /m.test(text));
  expect(marked).toBeDefined();
  expect(marked!.text.split('\n')[0]).toBe('The events up to the first difference');
  expect(marked!.text).toMatch(/^ {2}Event {2,}What the guest saw {2,}Page faults handled/m);
  // The shadow entry the broken rule is about (an invariant test: no reference side), beside the guest's: the flag of yours
  // that breaks the rule is starred (writable, though the guest's entry is clean).
  expect(marked!.text).toMatch(/field by field: guest entry 0x\w+, yours 0x\w+\. Yours breaks the rule in bit 1 \(RW: writable\)\./);
  expect(marked!.text).toMatch(/^ {2}\*bit 1 RW: writable: guest entry 1, yours 1$/m);
});

test('a nested walk with a reference out of order: every row of the grid, the marked cell saying what yours read there', () => {
  const found = texts('nested', { nestedWalker: guestEntryFirst }).find(({ text }) => text.includes('> '));
  expect(found).toBeDefined();
  const lines = found!.text.split('\n');
  expect(lines[0]).toBe('The 2D walk, cell by cell');
  expect(lines).toContainEqual(expect.stringMatching(/^Row 0: guest CR3's gPA through the nested tables, then the guest PML4E$/));
  expect(lines).toContainEqual(expect.stringMatching(/^> EPT level \d \(\w+E\): #\d+ .*: hPA 0x\w+, entry 0x\w+.*; yours \*/));
});
