import { VmlabError } from '../../reference/errors';
import { parseTaComments } from './ta-comments';

const TESTS = new Set(['walk.public.write-protect', 'walk.translation.large-pages']);
const text = (nodes: ReturnType<typeof parseTaComments>['overall']): string =>
  nodes.map((node) => node.text + text(node.children)).join('');

describe('parseTaComments', () => {
  it('splits the overall comment from the per-test sections', () => {
    const comments = parseTaComments(
      ['Good structure overall.', '', '## walk.public.write-protect', 'WP matters for **supervisor** writes.', '', '## walk.translation.large-pages', 'Offsets: 21 bits.'].join('\n'),
      TESTS,
      'comments.md',
    );
    expect(text(comments.overall)).toBe('Good structure overall.');
    expect([...comments.byTest.keys()]).toEqual(['walk.public.write-protect', 'walk.translation.large-pages']);
    expect(text(comments.byTest.get('walk.public.write-protect')!)).toBe('WP matters for supervisor writes.');
  });

  it('treats other headings, and "##" lines inside a fenced block, as comment text', () => {
    const comments = parseTaComments(['# Summary', '### detail', '```', '## walk.public.write-protect', '```'].join('\n'), TESTS, 'c.md');
    expect(comments.byTest.size).toBe(0);
    expect(text(comments.overall)).toContain('## walk.public.write-protect');
  });

  it('refuses a section for a test the results do not have, or a second one, naming the line', () => {
    const unknown = () => parseTaComments('ok\n\n## walk.nope', TESTS, 'c.md');
    expect(unknown).toThrow(VmlabError);
    expect(unknown).toThrow('c.md:3: ## walk.nope: no such test in the results');
    expect(() => parseTaComments('## walk.public.write-protect\na\n## walk.public.write-protect\nb', TESTS, 'c.md')).toThrow('c.md:3: ## walk.public.write-protect: a second section for this test');
  });
});
