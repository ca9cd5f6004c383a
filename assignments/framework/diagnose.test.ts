import { diagnoseCase, describeDiagnosis } from './diagnose';
import { FailedCase } from './misconception';
import { failures } from './observed-tests';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { invlpgIgnored, TRIAL_RULES, TRIAL_TESTS, trialMisconception } from './test-support/trial-assignment';

/** The first failing case of the trial's public invlpg test under the bug whose invlpg drops nothing, as the grader hands it over. */
function failedCase(rules: readonly string[] = ['invlpg-drops']): FailedCase {
  const failure = failures(TRIAL_TESTS, { ...REFERENCE_COMPONENTS, tlb: invlpgIgnored }).get('trial.public.invlpg')!;
  return { ...failure.firstCase, difference: failure.first, test: { id: 'trial.public.invlpg', component: 'tlb', rules } };
}

const always = () => true;

describe('diagnoseCase', () => {
  it('takes the first misconception that recognises the case, with its rule, the rule\'s title and the misconception\'s words', () => {
    const first = trialMisconception({ id: 'first', recognise: always });
    const second = trialMisconception({ id: 'second', recognise: always });
    expect(diagnoseCase([trialMisconception({ id: 'never' }), first, second], TRIAL_RULES, failedCase())).toEqual({
      rule: 'invlpg-drops',
      ruleTitle: 'INVLPG drops every entry of the page',
      ruleSpec: 'Invalidation',
      component: 'tlb',
      misconception: { id: 'first', title: first.title, explanation: first.explanation, concept: first.concept },
    });
  });

  it('hands the recogniser the case: both observations and the first difference', () => {
    const seen: FailedCase[] = [];
    diagnoseCase([trialMisconception({ recognise: (failed) => (seen.push(failed), false) })], TRIAL_RULES, failedCase());
    expect(seen).toHaveLength(1);
    expect(seen[0].difference.field).toBe('entries dropped');
    expect(seen[0].expected.kind).toBe('tlb');
  });

  it('treats a recogniser that throws, or answers anything but true, as not recognising', () => {
    const throws = trialMisconception({ id: 'throws', recognise: () => { throw new Error('reads a field the student left out'); } });
    const truthy = trialMisconception({ id: 'truthy', recognise: (() => 1) as never });
    const next = trialMisconception({ id: 'next', recognise: always });
    expect(diagnoseCase([throws, truthy, next], TRIAL_RULES, failedCase())?.misconception?.id).toBe('next');
  });

  it('skips a misconception of a rule the manifest does not state', () => {
    const elsewhere = trialMisconception({ id: 'elsewhere', rule: 'a-part-switched-off', recognise: always });
    const here = trialMisconception({ id: 'here', rule: 'lookups', recognise: always });
    expect(diagnoseCase([elsewhere, here], TRIAL_RULES, failedCase())).toMatchObject({ rule: 'lookups', misconception: { id: 'here' } });
    expect(diagnoseCase([elsewhere], TRIAL_RULES, failedCase())).toEqual({ rule: 'invlpg-drops', ruleTitle: 'INVLPG drops every entry of the page', ruleSpec: 'Invalidation', component: 'tlb' });
  });

  it('charges the misconception\'s own component when it names one, else the test\'s', () => {
    expect(diagnoseCase([trialMisconception({ recognise: always, component: 'walker' })], TRIAL_RULES, failedCase())?.component).toBe('walker');
    expect(diagnoseCase([trialMisconception({ recognise: always })], TRIAL_RULES, failedCase())?.component).toBe('tlb');
  });

  it("falls back to the test's rule when it declares exactly one the manifest states", () => {
    expect(diagnoseCase([], TRIAL_RULES, failedCase(['lookups']))).toEqual({ rule: 'lookups', ruleTitle: TRIAL_RULES[1].title, ruleSpec: 'Lookups', component: 'tlb' });
    expect(diagnoseCase([], TRIAL_RULES, failedCase(['not-in-the-manifest']))).toBeUndefined();
  });

  it('gives nothing for a test of several rules, or of none, that no misconception recognises', () => {
    expect(diagnoseCase([trialMisconception()], TRIAL_RULES, failedCase(['invlpg-drops', 'lookups']))).toBeUndefined();
    expect(diagnoseCase([], TRIAL_RULES, failedCase([]))).toBeUndefined();
  });
});

describe('describeDiagnosis', () => {
  it('says the rule alone when no misconception is known', () => {
    expect(describeDiagnosis({ rule: 'lookups', ruleTitle: 'A lookup hits', component: 'tlb' })).toBe('Rule: A lookup hits.');
  });

  it('says the misconception, its explanation and concept, then the rule', () => {
    const { id, title, explanation, concept } = trialMisconception();
    expect(describeDiagnosis({ rule: 'invlpg-drops', ruleTitle: 'INVLPG drops', component: 'tlb', misconception: { id, title, explanation, concept } })).toBe(
      `Likely misconception: ${title}. ${explanation} (${concept}.) Rule: INVLPG drops.`,
    );
  });
});
