import Handlebars from 'handlebars';
import { FIGURES_NOT_GRADED, TestFigures } from '../results/test-figures';
import { renderStudentReport } from './render-student-report';
import { studentResults } from './test-support/student-results';

// The report's table of an invariant machine test's figures: reported beside the reference's, not graded.
const FIGURES: TestFigures = {
  casesCounted: 3,
  values: [
    { figure: 'hiddenPageFaults', yours: 40, reference: 31 },
    { figure: 'tlbFlushes', yours: 7, reference: 5 },
    { figure: 'pageTablePages.guest', yours: 11, reference: 11 },
    { figure: 'pageTablePages.shadow', yours: 12, reference: 22 },
  ],
};
const escaped = (text: string) => Handlebars.Utils.escapeExpression(text);

test('a shown test\'s figures are a table beside the reference\'s, the page-table memory as a ratio, said to be not graded', () => {
  const html = renderStudentReport(studentResults([{ id: 'shadow.public.memory', title: 'Shadow memory', figures: FIGURES, totalCases: 4, passedCases: 4 }]), { afterDueDate: false });
  expect(html).toContain('<a href="#figures">');
  expect(html).toContain(escaped(FIGURES_NOT_GRADED));
  expect(html).toContain(escaped("Summed over 3 of its 4 cases (the others stopped before the end)."));
  expect(html).toContain(`Page-table memory: yours, ${escaped("shadow page-table pages 12 for the guest's 11 (1.1×)")}; the reference's, ${escaped("shadow page-table pages 22 for the guest's 11 (2×)")}.`);
  expect(html).toMatch(/<tr><th scope="row">hidden page faults<\/th><td class="number">40<\/td><td class="number">31<\/td><\/tr>/);
  expect(html).toMatch(/<tr><th scope="row">TLB flushes<\/th><td class="number">7<\/td><td class="number">5<\/td><\/tr>/);
});

test('no figures, no section', () => {
  const html = renderStudentReport(studentResults([{ id: 'walk.public.user' }]), { afterDueDate: false });
  expect(html).not.toContain('id="figures"');
  expect(html).not.toContain(escaped(FIGURES_NOT_GRADED));
});

test('the figures of a test not shown in full stay out until it is: an after-due-date test after the due date, a hidden one never', () => {
  const tests = [
    { id: 'later', title: 'LATER TITLE', visibility: 'after_due_date' as const, figures: FIGURES },
    { id: 'hidden', title: 'HIDDEN TITLE', visibility: 'hidden' as const, figures: { ...FIGURES, values: [{ figure: 'tlbFlushes' as const, yours: 987654, reference: 5 }] } },
  ];
  const before = renderStudentReport(studentResults(tests), { afterDueDate: false });
  expect(before).not.toContain('id="figures"');
  const after = renderStudentReport(studentResults(tests), { afterDueDate: true });
  expect(after).toContain('id="figures"');
  expect(after).toMatch(/<h3><a href="#tests">LATER TITLE<\/a><\/h3>/);
  expect(after).not.toContain('987654');
});

test('the test name over a table is escaped, and a failed test links to its feedback', () => {
  const failure = { kind: 'not-run' as const, reason: 'Not run.' };
  const html = renderStudentReport(studentResults([{ id: 'x', title: '<img src=x onerror=alert(1)>', figures: FIGURES, failure }]), { afterDueDate: false });
  expect(html).not.toContain('<img src=x');
  expect(html).toContain(`<h3><a href="#test-1">${escaped('<img src=x onerror=alert(1)>')}</a></h3>`);
});
