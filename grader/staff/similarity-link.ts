import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { vmlabTemplate } from '../../io/templates';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { SIMILARITY_PAGE } from '../similarity/render-similarity-page';

/**
 * The class summary points to the staff-only similarity page: a link when
 * OUT/similarity.html exists when the summary is drawn, else a sentence on
 * how to make it. `vmlab similarity` writes its page after the summary, so it
 * then redraws the pointer in place, between the markers the summary's
 * template puts round it (templates/partials/staff-links.hbs): the rest of
 * the summary (the roster, the adjustments) was drawn from inputs this
 * command does not have, so it is left as it is. Handlebars escapes `<` in
 * every student text, so no student text can forge a marker.
 */
export const SIMILARITY_MARKERS = { start: '<!-- vmlab:similarity -->', end: '<!-- /vmlab:similarity -->' } as const;

export function hasSimilarityPage(out: string): boolean {
  return existsSync(path.join(out, SIMILARITY_PAGE));
}

/** Redraw the summary's pointer to the similarity page as a link; false when there is no summary, or one without the markers (drawn by an older vmlab). */
export async function linkSimilarityInSummary(out: string): Promise<boolean> {
  const summaryFile = path.join(out, 'summary.html');
  if (!existsSync(summaryFile)) return false;
  const html = readFileSync(summaryFile, 'utf8');
  const start = html.indexOf(SIMILARITY_MARKERS.start);
  const end = html.indexOf(SIMILARITY_MARKERS.end, start);
  if (start < 0 || end < 0) return false;
  const link = vmlabTemplate('staff-similarity-link')({ present: true }).trim();
  await writeFileAtomically(summaryFile, `${html.slice(0, start + SIMILARITY_MARKERS.start.length)}${link}${html.slice(end)}`);
  return true;
}
