import { loadTemplate } from '../../io/templates';
import { ExperimentResults } from '../experiment-types';
import { experimentPageView } from './experiment-page-view';

/**
 * The experiment page, index.html: the claims checked, four charts of where
 * the cycles go under each configuration, and every workload's figures. One
 * self-contained page (inline CSS and SVG, no script, nothing fetched) drawn
 * from results.json alone. Rendered with handlebars' escaping `{{ }}` only:
 * labels and descriptions are data, and data is never markup.
 */
export function renderExperimentPage(results: ExperimentResults): string {
  return loadTemplate('experiment')(experimentPageView(results));
}
