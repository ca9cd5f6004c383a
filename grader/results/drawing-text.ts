import { pictureText } from '../report/pictures/picture-text';
import { pictureView } from '../report/pictures/picture-view';
import { FeedbackBlock } from './gradescope-html';

/** The most lines of a drawing shown as text in a Gradescope output. */
export const MAX_DRAWING_LINES = 80;
/** The widest line of a drawing shown as text: wider tables wrap into nonsense in a narrow pane. */
export const MAX_DRAWING_WIDTH = 200;

/**
 * A failing case's drawing as text (the terminal's, grader/report/pictures/picture-text.ts),
 * preformatted, when it fits; else a sentence saying where it is drawn. None without a picture
 * (a hidden test's, a malformed one, results written before pictures).
 */
export function drawingBlocks(picture: unknown): FeedbackBlock[] {
  const view = pictureView(picture);
  if (view === null) return [];
  const text = pictureText(view);
  const lines = text.split('\n');
  const widest = Math.max(...lines.map((line) => [...line].length));
  if (lines.length <= MAX_DRAWING_LINES && widest <= MAX_DRAWING_WIDTH) return [{ pre: text }];
  return [{ note: `The drawing of this case (${lines.length} lines, ${widest} characters wide) is too large to show here; report.html draws it.` }];
}
