import Handlebars from 'handlebars';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { vmlabRoot } from './vmlab-root';
import { loadTemplate } from './templates';

let templates: string;
beforeEach(() => {
  templates = mkdtempSync(path.join(tmpdir(), 'vmlab-templates-test-'));
  mkdirSync(path.join(templates, 'partials'));
  writeFileSync(path.join(templates, 'partials', 'greeting.hbs'), 'Hello, {{name}}!');
  writeFileSync(path.join(templates, 'partials', 'frame.hbs'), '[{{> @partial-block}}]');
  writeFileSync(path.join(templates, 'partials', 'notes.txt'), 'not a partial');
  writeFileSync(path.join(templates, 'page.hbs'), '{{> greeting}} {{#> frame}}{{name}}{{/frame}}');
  writeFileSync(path.join(templates, 'missing-partial.hbs'), '{{> notes}}');
});
afterEach(() => rmSync(templates, { recursive: true, force: true }));

test('a page with every partial of templates/partials registered by file name, escaping as usual', () => {
  expect(loadTemplate('page', templates)({ name: '<b>Ada</b>' })).toBe('Hello, &lt;b&gt;Ada&lt;/b&gt;! [&lt;b&gt;Ada&lt;/b&gt;]');
  expect(() => loadTemplate('missing-partial', templates)({})).toThrow(/notes/);
});

test('strict, in the page and in its partials: a missing field is an error', () => {
  writeFileSync(path.join(templates, 'plain.hbs'), '{{title}}');
  expect(() => loadTemplate('plain', templates)({})).toThrow(/"title" not defined/);
  expect(() => loadTemplate('page', templates)({})).toThrow(/"name" not defined/);
});

test('each template has its own handlebars: nothing is registered globally', () => {
  loadTemplate('page', templates);
  expect(Handlebars.partials).not.toHaveProperty('greeting');
});

test('a name is a file name in templates/, nothing else', () => {
  for (const name of ['../page', 'partials/greeting', 'page.hbs', '']) expect(() => loadTemplate(name, templates)).toThrow('template name');
});

test("vmlab's own templates compile", () => {
  expect(typeof loadTemplate('summary')).toBe('function');
});

test("no template of vmlab's renders unescaped: every page shows data from submissions", () => {
  const root = path.join(vmlabRoot(), 'templates');
  const files = [...readdirSync(root).map((file) => path.join(root, file)), ...readdirSync(path.join(root, 'partials')).map((file) => path.join(root, 'partials', file))];
  const pages = files.filter((file) => file.endsWith('.hbs'));
  expect(pages.length).toBeGreaterThan(1);
  for (const file of pages) expect([file, /\{\{\{|\{\{&/.test(readFileSync(file, 'utf8'))]).toEqual([file, false]);
});
