import { vmlabTemplate } from '../../../io/templates';
import { StepCase, stepThroughView } from './step-through-view';

/**
 * The step-through page of one case: a self-contained page (inline CSS, no
 * script, nothing fetched) that shows one step at a time, chosen by the
 * address's anchor (page.html#event-3). Everything is rendered with
 * handlebars' escaping `{{ }}`: the student's side holds anything their code
 * returned.
 */
export function renderStepThrough(stepCase: StepCase): string {
  return vmlabTemplate('step-through')(stepThroughView(stepCase));
}
