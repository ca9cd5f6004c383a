import { vmlabTemplate } from '../../io/templates';
import { SimilarityPageView } from './similarity-view';

/** The file the similarity page is written to, in the graded class's folder, next to summary.html. */
export const SIMILARITY_PAGE = 'similarity.html';

/** The staff-only similarity page (templates/similarity.hbs): self-contained HTML, every student text escaped by handlebars. */
export function renderSimilarityPage(view: SimilarityPageView): string {
  return vmlabTemplate('similarity')(view);
}
