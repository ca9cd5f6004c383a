import { measureFeedbackNaming } from './feedback-naming';
import { referenceTlb } from '../../reference/tlb/reference-tlb';
import { TRIAL_ASSIGNMENT, TRIAL_MISCONCEPTIONS, TRIAL_TESTS, trialBug } from './test-support/trial-assignment';

describe('measureFeedbackNaming', () => {
  const caughtAndNamed = trialBug();
  const caughtNotNamed = trialBug({ id: 'wordsNobodyUses', names: /page walk cache/ });
  const notCaught = trialBug({ id: 'harmless', components: { tlb: referenceTlb } });

  it('counts the caught bugs, those the opening misconceptions name, and those the first names; lists the misses with what was shown', () => {
    expect(measureFeedbackNaming(TRIAL_ASSIGNMENT, [caughtAndNamed, caughtNotNamed, notCaught], TRIAL_TESTS, TRIAL_MISCONCEPTIONS)).toEqual({
      assignment: 'trial',
      bugs: 3,
      caught: 2,
      named: 1,
      namedFirst: 1,
      misses: [{ bug: 'wordsNobodyUses', shown: ['invlpg-keeps-entry'] }],
    });
  });

  it("names nothing without a catalogue: the rule alone is not a misconception (the assignment's own, none for an unknown assignment)", () => {
    expect(measureFeedbackNaming(TRIAL_ASSIGNMENT, [caughtAndNamed], TRIAL_TESTS)).toMatchObject({ caught: 1, named: 0, namedFirst: 0, misses: [{ bug: 'invlpgIgnored', shown: [] }] });
  });
});
