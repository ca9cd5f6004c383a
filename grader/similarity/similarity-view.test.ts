import { AnalyzedPair, SimilarityAnalysis } from './analyze-class-similarity';
import { renderSimilarityPage } from './render-similarity-page';
import { MAX_FRAGMENT_LINES, MAX_FRAGMENTS_SHOWN, similarityView } from './similarity-view';

/** The similarity page's view and HTML, on an analysis made by hand (no Dolos run). */

const lines = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix} line ${index + 1}`).join('\n');
const side = (label: string, text: string) => ({ label, text });

const copied: AnalyzedPair = {
  file: 'starter/src/walker.ts',
  left: side('ada', lines('ada', 10)),
  right: side('zoe', lines('zoe', 12)),
  similarity: 0.934,
  longest: 40,
  fragments: [
    { left: { startRow: 7, endRow: 7 }, right: { startRow: 9, endRow: 9 } },
    { left: { startRow: 1, endRow: 3 }, right: { startRow: 2, endRow: 4 } },
  ],
};

function analysis(pairs: readonly AnalyzedPair[]): SimilarityAnalysis {
  return { assignment: { id: 'walk', title: 'The page walk' }, submissions: 4, files: [{ file: 'starter/src/walker.ts', compared: 4, template: true }], pairs, notes: ['bruno: starter/src/walker.ts is missing; left out of the comparison'] };
}

describe('similarityView', () => {
  const below: AnalyzedPair = { ...copied, left: side('chen', 'x'), right: side('dana', 'y'), similarity: 0.59, longest: 3, fragments: [] };
  const between: AnalyzedPair = { ...copied, left: side('chen', 'x'), right: side('emeka', 'y'), similarity: 0.6, longest: 5, fragments: [] };

  it('lists the pairs at or above the threshold, most alike first, and counts the rest', () => {
    const view = similarityView(analysis([below, between, copied]), 0.6);
    expect(view.pairs.map((pair) => [pair.rank, pair.left, pair.right, pair.similarity])).toEqual([
      [1, 'ada', 'zoe', '93%'],
      [2, 'chen', 'emeka', '60%'],
    ]);
    expect(view).toMatchObject({ threshold: '60%', compared: 3, above: 2, morePairs: 0, submissions: 4 });
  });

  it("shows each fragment's lines from both sides, longest first, numbered from 1", () => {
    const [pair] = similarityView(analysis([copied]), 0.5).pairs;
    expect(pair.fragments).toEqual([
      { leftLines: 'lines 2–4', rightLines: 'lines 3–5', leftText: 'ada line 2\nada line 3\nada line 4', rightText: 'zoe line 3\nzoe line 4\nzoe line 5' },
      { leftLines: 'line 8', rightLines: 'line 10', leftText: 'ada line 8', rightText: 'zoe line 10' },
    ]);
  });

  it('caps a long fragment and a pair with many fragments, and says how much was left out', () => {
    const long = MAX_FRAGMENT_LINES + 15;
    const many: AnalyzedPair = {
      ...copied,
      left: side('ada', lines('ada', long)),
      right: side('zoe', lines('zoe', long)),
      fragments: [{ left: { startRow: 0, endRow: long - 1 }, right: { startRow: 0, endRow: long - 1 } }, ...Array.from({ length: MAX_FRAGMENTS_SHOWN + 2 }, (_, row) => ({ left: { startRow: row, endRow: row }, right: { startRow: row, endRow: row } }))],
    };
    const [pair] = similarityView(analysis([many]), 0.5).pairs;
    expect(pair.fragments).toHaveLength(MAX_FRAGMENTS_SHOWN);
    expect(pair.moreFragments).toBe(3);
    const shown = pair.fragments[0].leftText.split('\n');
    expect(shown).toHaveLength(MAX_FRAGMENT_LINES + 1);
    expect(shown[shown.length - 1]).toBe('… 15 more lines');
  });

  it('refuses a threshold outside [0, 1]', () => {
    expect(() => similarityView(analysis([copied]), 1.5)).toThrow(/threshold/);
  });
});

describe('renderSimilarityPage', () => {
  it("escapes students' code and ids, and shows both sides of each fragment", () => {
    const hostile: AnalyzedPair = {
      ...copied,
      left: side('<b>ada</b>', 'const a = 1;\n</code></pre><script>alert(1)</script>\nconst b = 2;'),
      fragments: [{ left: { startRow: 1, endRow: 1 }, right: { startRow: 2, endRow: 2 } }],
    };
    const html = renderSimilarityPage(similarityView(analysis([hostile]), 0.6));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>ada</b>');
    expect(html).toContain('&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;ada&lt;/b&gt;, line 2');
    expect(html).toContain('zoe, line 3');
    expect(html).toContain('zoe line 3');
    expect(html).toMatch(/Staff only/);
    expect(html).toContain('bruno: starter/src/walker.ts is missing');
  });

  it('says so when no pair reaches the threshold', () => {
    const html = renderSimilarityPage(similarityView(analysis([{ ...copied, similarity: 0.2 }]), 0.6));
    expect(html).toContain('No pair reaches 60% similarity.');
    expect(html).not.toContain('class="fragment"');
  });
});
