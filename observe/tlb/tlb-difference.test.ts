import { judgeCase } from '../judge';
import { judgeTest } from '../judge-test';
import { cr3Write, fill, lookup } from './test-support/tlb-operations';
import { TlbEntryObservation, TlbObservation, TlbOutcome } from './tlb-observation';
import { compareTlbRuns } from './tlb-difference';

const PAGE_1000: TlbEntryObservation = { vpid: 1, pcid: 0, global: false, page: '0x1000', pageSize: '0x1000', frame: '0xa000', rights: 'rwu', dirty: true };
const GLOBAL_2000: TlbEntryObservation = { vpid: 1, pcid: 0, global: true, page: '0x2000', pageSize: '0x1000', frame: '0xb000', rights: 'rwu', dirty: true };
const PCID1_3000: TlbEntryObservation = { vpid: 1, pcid: 1, global: false, page: '0x3000', pageSize: '0x1000', frame: '0xc000', rights: 'ru', dirty: false };

/** The reference's run: a fill and its hit, a global fill, a CR3 write that drops the first entry only, a miss, a fill of another PCID. */
const EXPECTED: TlbObservation = {
  kind: 'tlb',
  steps: [
    { operation: fill('0x1000', '0xa000'), outcome: { kind: 'filled' } },
    { operation: lookup('0x1008'), outcome: { kind: 'hit', address: '0xa008', entry: PAGE_1000 } },
    { operation: fill('0x2000', '0xb000', { global: true }), outcome: { kind: 'filled' } },
    { operation: cr3Write(), outcome: { kind: 'dropped', count: 1 } },
    { operation: lookup('0x1008'), outcome: { kind: 'miss' } },
    { operation: fill('0x3000', '0xc000', { pcid: 1, rights: 'ru', dirty: false }), outcome: { kind: 'filled' } },
  ],
  resident: { ok: true, entries: [GLOBAL_2000, PCID1_3000] },
};

/** EXPECTED with operation `index` giving `outcome`. */
function withOutcome(index: number, outcome: TlbOutcome): TlbObservation {
  return { ...EXPECTED, steps: EXPECTED.steps.map((step, i) => (i === index ? { ...step, outcome } : step)) };
}

function withResident(entries: readonly TlbEntryObservation[]): TlbObservation {
  return { ...EXPECTED, resident: { ok: true, entries } };
}

const hit = (entry: TlbEntryObservation, address: string): TlbOutcome => ({ kind: 'hit', address, entry });

it('passes the same run, and the same entries in another order', () => {
  expect(compareTlbRuns(EXPECTED, EXPECTED)).toBeNull();
  expect(compareTlbRuns(EXPECTED, withResident([PCID1_3000, GLOBAL_2000]))).toBeNull();
});

const LOOKUP_5 = 'operation 5: lookup of 0x1008 in VPID 1, PCID 0 (user read)';
const LOOKUP_2 = 'operation 2: lookup of 0x1008 in VPID 1, PCID 0 (user read)';

const DIFFERENCES: ReadonlyArray<readonly [string, TlbObservation, object]> = [
  [
    'a hit where the reference misses, on an entry a CR3 write had to drop',
    withOutcome(4, hit(PAGE_1000, '0xa008')),
    { where: LOOKUP_5, step: 4, field: 'outcome', expected: 'a miss', got: 'a hit on the 4 KiB page 0x1000 of VPID 1, PCID 0 → 0xa000, rights rw-u, dirty', message: expect.stringMatching(/^Operation 4 \(CR3 write in VPID 1, PCID 0\) had to drop it\. A CR3 write drops the non-global entries/) },
  ],
  [
    'a hit on an entry of another PCID that is not global',
    withOutcome(4, hit({ ...PAGE_1000, pcid: 1 }, '0xa008')),
    { step: 4, message: 'An entry of PCID 1 serves PCID 1 only; only a global entry serves every PCID of its VPID.' },
  ],
  [
    'a hit on an entry of another page',
    withOutcome(4, hit({ ...PAGE_1000, page: '0x5000' }, '0xa008')),
    { step: 4, message: 'The entry your TLB returned does not translate 0x1008: its 4 KiB page starts at 0x5000.' },
  ],
  [
    'a hit on an entry without the user right',
    withOutcome(4, hit({ ...PAGE_1000, rights: 'rw' }, '0xa008')),
    { step: 4, message: expect.stringMatching(/^The entry does not permit a user read \(no user right\): the lookup drops it and misses/) },
  ],
  [
    'a miss where the reference hits',
    withOutcome(1, { kind: 'miss' }),
    { where: LOOKUP_2, step: 1, expected: 'a hit on the 4 KiB page 0x1000 of VPID 1, PCID 0 → 0xa000, rights rw-u, dirty', got: 'a miss', message: expect.stringMatching(/^The reference's TLB still holds it \(cached by operation 1 \(fill of 0x1000/) },
  ],
  ['a hit on the right entry translated wrongly', withOutcome(1, hit({ ...PAGE_1000, frame: '0xb000' }, '0xb008')), { step: 1, field: 'translated address', expected: '0xa008', got: '0xb008' }],
  ['a hit with other rights', withOutcome(1, hit({ ...PAGE_1000, rights: 'ru' }, '0xa008')), { step: 1, field: 'rights', expected: 'rw-u', got: 'r--u' }],
  ['a hit on an entry that forgot it was dirty', withOutcome(1, hit({ ...PAGE_1000, dirty: false }, '0xa008')), { step: 1, field: 'dirty', expected: 'dirty', got: 'clean' }],
  ['a hit on an entry of another PCID', withOutcome(1, hit({ ...PAGE_1000, pcid: 3 }, '0xa008')), { step: 1, field: 'entry', got: expect.stringContaining('VPID 1, PCID 3') }],
  ['a hit on an entry made global', withOutcome(1, hit({ ...PAGE_1000, global: true }, '0xa008')), { step: 1, field: 'entry', got: expect.stringContaining('(global)') }],
  ['a hit with a mapped page size the fill did not give', withOutcome(1, hit({ ...PAGE_1000, mappedPageSize: '0x200000' }, '0xa008')), { step: 1, field: 'mapped page size', expected: 'none', got: '0x200000' }],
  [
    'a count that differs',
    withOutcome(3, { kind: 'dropped', count: 2 }),
    { where: 'operation 4: CR3 write in VPID 1, PCID 0', step: 3, field: 'entries dropped', expected: '1', got: '2', message: expect.stringMatching(/^Your TLB dropped more entries than the reference's\. A CR3 write drops/) },
  ],
  ['garbage instead of a count', withOutcome(3, { kind: 'garbage', problem: 'the operation returned a string, not a count of the entries dropped' }), { step: 3, field: 'result', expected: '1 entry dropped', got: 'the operation returned a string, not a count of the entries dropped' }],
  [
    'an operation that threw',
    { kind: 'tlb', steps: EXPECTED.steps.slice(0, 3), stopped: { operation: 3, message: 'TypeError: x is undefined' } },
    { where: 'operation 4: CR3 write in VPID 1, PCID 0', field: 'exception', got: 'TypeError: x is undefined', message: 'Your TLB threw instead of returning: TypeError: x is undefined' },
  ],
  ['entries() that threw', { kind: 'tlb', steps: EXPECTED.steps, stopped: { operation: 6, message: 'no' } }, { where: 'after the last operation', step: 6, field: 'entries()', got: 'it threw: no' }],
  ['entries() that returned no list', { ...EXPECTED, resident: { ok: false, problem: 'entries() returned a string, not a list of entries' } }, { field: 'entries()', expected: '2 entries', got: 'entries() returned a string, not a list of entries' }],
  [
    'an entry missing at the end',
    withResident([PCID1_3000]),
    {
      where: 'after the last operation',
      field: 'cached entries',
      expected: "the 4 KiB page 0x2000 of VPID 1, PCID 0 (global) → 0xb000, rights rw-u, dirty (missing from yours)",
      got: 'no other entry',
      message: expect.stringMatching(/1 is missing and 0 extra\. This one should still be cached: .*: operation 4 \(CR3 write in VPID 1, PCID 0\) does not drop it\. A CR3 write drops the non-global entries of its VPID and PCID: global entries survive it/),
    },
  ],
  [
    'an extra entry at the end',
    withResident([GLOBAL_2000, PCID1_3000, PAGE_1000]),
    { field: 'cached entries', expected: 'no other entry', got: expect.stringMatching(/^the 4 KiB page 0x1000 .*\(not in the reference's\)$/), message: expect.stringMatching(/0 are missing and 1 extra\. This one should not be cached: .* Operation 4 \(CR3 write in VPID 1, PCID 0\) had to drop it/) },
  ],
  [
    'an entry with other values at the end',
    withResident([GLOBAL_2000, { ...PCID1_3000, dirty: true }]),
    { field: 'cached entries', message: expect.stringMatching(/1 is missing and 1 extra\. Your TLB caches the 4 KiB page 0x3000 of VPID 1, PCID 1 → 0xc000, rights r--u, dirty, with other values than the reference's entry for that page/) },
  ],
  ['the same entry twice', withResident([GLOBAL_2000, PCID1_3000, PCID1_3000]), { field: 'cached entries', message: expect.stringMatching(/0 are missing and 1 extra/) }],
];

it.each(DIFFERENCES)('finds %s', (_name, got, difference) => {
  expect(compareTlbRuns(EXPECTED, got)).toMatchObject(difference);
});

it('says so when a hit comes from an entry no fill cached', () => {
  const expected: TlbObservation = { kind: 'tlb', steps: [{ operation: lookup('0x9000'), outcome: { kind: 'miss' } }], resident: { ok: true, entries: [] } };
  const got: TlbObservation = { ...expected, steps: [{ operation: lookup('0x9000'), outcome: hit({ ...PAGE_1000, page: '0x9000' }, '0xa000') }] };
  expect(compareTlbRuns(expected, got)).toMatchObject({ step: 0, message: "No fill before this point cached that page for VPID 1, PCID 0: the reference's TLB never held it." });
});

it('lists at most three entries of a side, and says how many more', () => {
  const many = [1, 2, 3, 4, 5].map((n) => ({ ...PAGE_1000, page: `0x${n}0000` }));
  const difference = compareTlbRuns(EXPECTED, withResident([GLOBAL_2000, PCID1_3000, ...many]));
  expect(difference?.got).toMatch(/^the 4 KiB page 0x10000 .*; the 4 KiB page 0x20000 .*; the 4 KiB page 0x30000 .*; and 2 more \(not in the reference's\)$/);
});

it('reports the first difference in the order of the operations, the resident set last', () => {
  const got = { ...withOutcome(3, { kind: 'dropped', count: 0 }), resident: { ok: true, entries: [] } } as const;
  expect(compareTlbRuns(EXPECTED, got)).toMatchObject({ step: 3 });
});

describe('an observation that cannot be judged', () => {
  const MALFORMED: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['steps that are not a list', { ...EXPECTED, steps: { length: 6 } }, /the TLB operations returned is not a list/],
    ['more operations than the reference ran', { ...EXPECTED, steps: [...EXPECTED.steps, EXPECTED.steps[0]] }, /more operations than the reference ran/],
    ['fewer operations without a reason', { ...EXPECTED, steps: EXPECTED.steps.slice(0, 2) }, /stops before operation 3 without saying why/],
    ['an outcome of another kind of operation', withOutcome(0, { kind: 'dropped', count: 0 }), /operation 1 is a filled in the reference's run and a dropped in this one/],
    ['a stop past the last operation', { kind: 'tlb', steps: EXPECTED.steps, stopped: { operation: 9, message: 'x' } }, /stopped at operation 10, which the reference did not run/],
    ['neither entries nor a stop', { kind: 'tlb', steps: EXPECTED.steps }, /neither the entries cached nor an operation that threw/],
  ];

  it.each(MALFORMED)('throws on %s', (_name, got, problem) => {
    expect(() => compareTlbRuns(EXPECTED, got as TlbObservation)).toThrow(problem);
  });

  it('fails its case, through the judge, instead of stopping the judging', () => {
    const judged = judgeTest('policy', 2, [
      { expected: EXPECTED, got: EXPECTED },
      { expected: EXPECTED, got: MALFORMED[0][1] as TlbObservation },
    ]);
    expect(judged).toMatchObject({ passedCases: 1, score: 1, firstFailure: { caseIndex: 1, difference: { got: 'a malformed result' } } });
  });

  it('is never the reference: a reference that stopped is the suite\'s error', () => {
    const stopped: TlbObservation = { kind: 'tlb', steps: [], stopped: { operation: 0, message: 'vmlab internal error: TLB fill with page size 0x3000' } };
    expect(() => judgeCase('policy', stopped, EXPECTED)).toThrow(/the reference stopped at operation 1: vmlab internal error/);
  });
});
