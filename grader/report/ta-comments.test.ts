import { VmlabError } from '../../reference/errors';
import { parseTaComments } from './ta-comments';

const TESTS = [
  { id: 'walk.public.write-protect', title: 'Write protection', visibility: 'visible', category: 'rights' },
  { id: 'walk.translation.large-pages', title: 'Large pages', visibility: 'visible', category: 'translation' },
  { id: 'walk.hidden.nx', title: 'NX on a 1 GiB page', visibility: 'hidden', category: 'rights' },
  { id: 'walk.hidden.smap', title: 'SMAP', visibility: 'hidden', category: 'rights' },
  { id: 'walk.late.a-d', title: 'Accessed and dirty', visibility: 'after_due_date', category: 'bits' },
] as const;
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

  it('takes the names the report shows as headings: hidden and after-due-date numbers, and titles', () => {
    const comments = parseTaComments(
      ['## Hidden test 2 (rights)', 'smap', '## Test 1 shown after the due date (bits)', 'late', '## Large pages', 'large', '## Hidden test 1 (rights) ##', 'nx'].join('\n'),
      TESTS,
      'c.md',
    );
    expect(Object.fromEntries([...comments.byTest].map(([id, nodes]) => [id, text(nodes)]))).toEqual({
      'walk.hidden.smap': 'smap',
      'walk.late.a-d': 'late',
      'walk.translation.large-pages': 'large',
      'walk.hidden.nx': 'nx',
    });
    // After the due date the late test is shown by its title: that names it too.
    expect([...parseTaComments('## Accessed and dirty\nx', TESTS, 'c.md').byTest.keys()]).toEqual(['walk.late.a-d']);
  });

  it('treats other headings, and "##" lines inside a fenced block, as comment text', () => {
    const comments = parseTaComments(['# Summary', '### detail', '```', '## walk.public.write-protect', '```'].join('\n'), TESTS, 'c.md');
    expect(comments.byTest.size).toBe(0);
    expect(text(comments.overall)).toContain('## walk.public.write-protect');
  });

  it('refuses a heading that names no test, names two, or a second section for one test, naming the line', () => {
    const unknown = () => parseTaComments('ok\n\n## walk.nope', TESTS, 'c.md');
    expect(unknown).toThrow(VmlabError);
    expect(unknown).toThrow('c.md:3: ## walk.nope: no such test in the results');
    expect(() => parseTaComments('intro\n## General remarks\ntext', TESTS, 'c.md')).toThrow('c.md:2: ## General remarks: no such test in the results');
    expect(() => parseTaComments('## Hidden test 9 (rights)', TESTS, 'c.md')).toThrow('c.md:1: ## Hidden test 9 (rights): no such test');
    expect(() => parseTaComments('## walk.public.write-protect\na\n## Write protection\nb', TESTS, 'c.md')).toThrow('c.md:3: ## Write protection: a second section for test walk.public.write-protect');
    const twins = [...TESTS, { id: 'walk.public.twin', title: 'Large pages', visibility: 'visible', category: 'translation' } as const];
    expect(() => parseTaComments('## Large pages', twins, 'c.md')).toThrow('c.md:1: ## Large pages: more than one test has this name; use the test id');
  });
});
