import { blockHtml, blocksHtml, blocksText, escapeHtmlText } from './gradescope-html';
import { gradescopeOutputText } from './test-support/gradescope-output-text';

const HOSTILE: readonly [string, string][] = [
  ['a script tag', '<script>alert(1)</script>'],
  ['an image with a handler', '<img src=x onerror="alert(1)">'],
  ['a closing pre and a new paragraph', '</pre><p style="color:red">you passed</p><pre>'],
  ['an attribute break-out', `" onmouseover='alert(1)' x="`],
  ['backticks (a Markdown code span, a template literal)', '``` `${process.exit()}` ```'],
  ['a Markdown link and image', '[full marks](javascript:alert(1)) ![x](http://example.com/x.png)'],
  ['Markdown emphasis and headings', '# Score: 100\n**bold** _it_ > quote'],
  ['an entity already escaped', '&lt;b&gt; &amp;amp; &#60;'],
  ['a comment and CDATA', '<!-- x --><![CDATA[ y ]]>'],
  ['an equals sign in an unquoted attribute context', 'a=b'],
];

describe('escapeHtmlText leaves no markup of the student text', () => {
  test.each(HOSTILE)('%s', (_what, hostile) => {
    const escaped = escapeHtmlText(hostile);
    expect(escaped).not.toMatch(/[<>"'`]/);
    // Read back, the text is what it was: nothing lost, nothing run.
    expect(gradescopeOutputText(escaped)).toBe(hostile);
    // In every kind of block, the only tags are the grader's.
    for (const block of [{ text: hostile }, { pre: hostile }, { note: hostile }]) {
      expect(blocksText([block])).toBe(hostile);
      expect(gradescopeOutputText(blockHtml(block))).toBe(hostile);
    }
  });
});

test('control characters, ANSI escapes and direction overrides are shown as U+FFFD; tabs and newlines stay', () => {
  expect(escapeHtmlText('\u001b[31mred\u001b[0m\tok\u0000\u0007\u009b\u202eevil\u2066x')).toBe('\ufffd[31mred\ufffd[0m\tok\ufffd\ufffd\ufffd\ufffdevil\ufffdx');
  expect(escapeHtmlText('a\r\nb\rc\n')).toBe('a\nb\nc\n');
});

test('blocks: a paragraph keeps its lines, a drawing is preformatted, a note is emphasised, one block per line', () => {
  expect(blocksHtml([{ text: 'one\ntwo' }, { pre: '  x  |  y\n> 1' }, { note: 'cut' }])).toBe('<p>one<br>two</p>\n<pre>  x  |  y\n&gt; 1</pre>\n<p><em>cut</em></p>');
});

test('the test reader refuses markup the grader did not write', () => {
  expect(() => gradescopeOutputText('<p>fine</p><b>not ours</b>')).toThrow(/unescaped "<"/);
  expect(() => gradescopeOutputText('a & b')).toThrow(/unescaped "&"/);
});
