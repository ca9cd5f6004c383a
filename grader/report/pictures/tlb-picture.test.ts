import { judgeCase } from '../../../observe/judge';
import { Difference } from '../../../observe/difference';
import { flawedTlb, invlpgMissingLargePagesUncounted, methodsOf } from '../../../observe/tlb/test-support/flawed-tlb';
import { referenceTlb } from '../../../reference/tlb/reference-tlb';
import { fill, invlpg, lookup, tlbProbe } from '../../../observe/tlb/test-support/tlb-operations';
import { TlbObservation } from '../../../observe/tlb/tlb-observation';
import { observeTlb } from '../../../observe/tlb/tlb-probe';
import { TlbComponent } from '../../../reference/tlb/tlb-component';
import { TlbProbe } from '../../../observe/tlb/tlb-probe-types';
import { renderStudentReport } from '../render-student-report';
import { studentResults } from '../test-support/student-results';
import { failurePicture, MAX_PICTURE_CHARACTERS } from './failure-picture';
import { isFailurePicture } from './picture-schema';
import { TlbPicture } from './picture-types';
import { pictureView } from './picture-view';

/** A probe run on the reference and on `component`, judged, drawn, and checked against the picture's schema and size cap. */
function drawn(probe: TlbProbe, component: TlbComponent): { picture: TlbPicture; difference: Difference; got: TlbObservation } {
  const expected = observeTlb(probe, referenceTlb);
  const got = observeTlb(probe, component);
  const difference = judgeCase('policy', expected, got);
  if (difference === null) throw new Error('the runs do not differ');
  const picture = failurePicture({ probe, check: 'policy', expected, got, difference });
  expect(isFailurePicture(picture)).toBe(true);
  expect(JSON.stringify(picture).length).toBeLessThanOrEqual(MAX_PICTURE_CHARACTERS);
  return { picture: picture as TlbPicture, difference, got };
}

function report(difference: Difference, picture: TlbPicture | undefined): string {
  return renderStudentReport(studentResults([{ id: 'tlb-lru', failure: { kind: 'difference', caseIndex: 0, caseSummary: 'the case', difference, picture } }]), { afterDueDate: false });
}

test('the operations up to the first difference, the last one marked, with both results where they differ', () => {
  const probe = tlbProbe([fill('0x1000', '0xa000'), fill('0x2000', '0xb000'), lookup('0x1000'), fill('0x3000', '0xc000'), lookup('0x1000'), lookup('0x2000')], 2, 2);
  const { picture, difference } = drawn(probe, flawedTlb({ noRefreshOnHit: true }));
  expect(picture).toMatchObject({ kind: 'tlb', operationsBefore: 0, first: { at: 'operation', index: 4 } });
  expect(picture.operations.map((operation) => operation.what)).toEqual([
    '1. fill of 0x1000 in VPID 1, PCID 0: 4 KiB page → 0xa000, rights rw-u, dirty',
    '2. fill of 0x2000 in VPID 1, PCID 0: 4 KiB page → 0xb000, rights rw-u, dirty',
    '3. lookup of 0x1000 in VPID 1, PCID 0 (user read)',
    '4. fill of 0x3000 in VPID 1, PCID 0: 4 KiB page → 0xc000, rights rw-u, dirty',
    '5. lookup of 0x1000 in VPID 1, PCID 0 (user read)',
  ]);
  expect(picture.operations[4].result).toEqual({ expected: 'a hit on the 4 KiB page 0x1000 of VPID 1, PCID 0 → 0xa000, rights rw-u, dirty', got: 'a miss' });
  expect(picture.operations[0].result).toEqual({ expected: 'filled' });
  const view = pictureView(picture)?.tlb;
  expect(view?.columns).toEqual(['Operation', 'What it did']);
  expect(view?.events.map((row) => row.first)).toEqual([false, false, false, false, true]);
  const html = report(difference, picture);
  expect(html).toContain('<strong class="marker">First difference</strong>');
  expect(html).toContain('yours: <strong>a miss</strong>');
});

test('a difference in the entries cached at the end: the last operations, then the entries as one row', () => {
  const probe = tlbProbe([fill('0x200000', '0x400000', { pageSize: '0x200000' }), invlpg('0x3ff000'), fill('0x1000', '0xa000')]);
  const { picture } = drawn(probe, invlpgMissingLargePagesUncounted);
  expect(picture).toMatchObject({ first: { at: 'end' }, resident: { expected: 'no other entry', got: expect.stringMatching(/^the 2 MiB page 0x200000/) } });
  expect(picture.operations).toHaveLength(3);
  const view = pictureView(picture)?.tlb;
  expect(view?.events.map((row) => row.first)).toEqual([false, false, false, true]);
});

test("the student's text is cut and escaped: a thrown message, garbage, a forged observation", () => {
  const probe = tlbProbe([fill('0x1000', '0xa000'), lookup('0x1000')]);
  const throwing: TlbComponent = {
    create: (config) => ({
      ...methodsOf(referenceTlb.create(config)),
      lookup: () => {
        throw new Error(`<img src=x onerror=alert(1)>${'x'.repeat(5000)}`);
      },
    }),
  };
  const { picture, difference } = drawn(probe, throwing);
  expect(picture.operations[1].result.got).toMatch(/^threw: <img src=x onerror=alert\(1\)>x+…$/);
  expect(picture.operations[1].result.got!.length).toBeLessThan(200);
  const html = report(difference, picture);
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('threw: &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');

  const expected = observeTlb(probe, referenceTlb);
  const forged = { kind: 'tlb', steps: [{ outcome: { kind: 'filled' } }, { outcome: { kind: 'hit', entry: { page: { toString: 'x' } } } }], resident: 'all' } as unknown as TlbObservation;
  const forgedDifference: Difference = { where: 'operation 2: lookup', step: 1, field: 'outcome', expected: 'a hit', got: 'a hit', message: 'm', detail: { operation: 1 } };
  const forgedPicture = failurePicture({ probe, check: 'policy', expected, got: forged, difference: forgedDifference }) as TlbPicture;
  expect(forgedPicture.operations[1].result.got).toBe('unreadable');
  expect(failurePicture({ probe, check: 'policy', expected, got: forged, difference: { ...forgedDifference, step: undefined, detail: { operation: 99 } } })).toBeUndefined();
});

test('a long run keeps to the size cap: the last operations before the first difference, those before them counted', () => {
  const operations = Array.from({ length: 40 }, (_, n) => [fill(`0x${(n + 1).toString(16)}000000`, `0x${(n + 0x100).toString(16)}000`, { global: true, dirty: false, mappedPageSize: '0x200000' }), lookup(`0x${(n + 1).toString(16)}000fff`, { pcid: 4095, access: 'write', user: false, wp: false })]).flat();
  const { picture } = drawn(tlbProbe(operations, 64, 4), flawedTlb({ writeUsesCleanEntry: true }));
  expect(picture.operationsBefore).toBe(0);
  const late = tlbProbe([...operations.filter((operation) => operation.op === 'fill'), lookup('0x28000fff', { access: 'write' })], 64, 4);
  const { picture: latePicture } = drawn(late, flawedTlb({ writeUsesCleanEntry: true }));
  expect(latePicture.operationsBefore).toBe(29);
  expect(latePicture.operations).toHaveLength(12);
  expect(pictureView(latePicture)?.tlb?.explanation).toMatch(/Operations 1 to 29 did the same on both and are left out\.$/);
});
