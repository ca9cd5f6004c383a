import { likelyMisconceptions } from './likely-misconceptions';
import { Diagnosis } from './misconception';

const diagnosis = (id?: string): Diagnosis => ({
  rule: 'invlpg-drops',
  ruleTitle: 'INVLPG drops',
  component: 'tlb',
  ...(id === undefined ? {} : { misconception: { id, title: `title of ${id}`, explanation: 'why', concept: 'TLB' } }),
});

const ids = (failures: Parameters<typeof likelyMisconceptions>[0]) => likelyMisconceptions(failures).map((item) => [item.diagnosis.misconception.id, item.tests, item.pointsLost]);

describe('likelyMisconceptions', () => {
  it('ranks by the points lost to each misconception, summed over the tests showing it', () => {
    expect(ids([{ diagnosis: diagnosis('a'), pointsLost: 2 }, { diagnosis: diagnosis('b'), pointsLost: 3 }, { diagnosis: diagnosis('a'), pointsLost: 2 }])).toEqual([
      ['a', 2, 4],
      ['b', 1, 3],
    ]);
  });

  it('breaks a tie in points by the number of tests showing it', () => {
    expect(ids([{ diagnosis: diagnosis('a'), pointsLost: 4 }, { diagnosis: diagnosis('b'), pointsLost: 2 }, { diagnosis: diagnosis('b'), pointsLost: 2 }])).toEqual([
      ['b', 2, 4],
      ['a', 1, 4],
    ]);
  });

  it('breaks a tie in points and tests by the order the failures first show it', () => {
    expect(ids([{ diagnosis: diagnosis('c'), pointsLost: 1 }, { diagnosis: diagnosis('a'), pointsLost: 1 }, { diagnosis: diagnosis('b'), pointsLost: 1 }])).toEqual([
      ['c', 1, 1],
      ['a', 1, 1],
      ['b', 1, 1],
    ]);
  });

  it('leaves out failures without a diagnosis or whose diagnosis names only the rule', () => {
    expect(ids([{ pointsLost: 9 }, { diagnosis: diagnosis(), pointsLost: 9 }, { diagnosis: diagnosis('a'), pointsLost: 0.5 }])).toEqual([['a', 1, 0.5]]);
    expect(likelyMisconceptions([])).toEqual([]);
  });

  it('keeps the diagnosis of the first failure showing it', () => {
    const [item] = likelyMisconceptions([{ diagnosis: diagnosis('a'), pointsLost: 1 }, { diagnosis: { ...diagnosis('a'), component: 'walker' }, pointsLost: 1 }]);
    expect(item.diagnosis).toEqual(diagnosis('a'));
  });
});
