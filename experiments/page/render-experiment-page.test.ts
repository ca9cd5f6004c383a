import { ExperimentResults } from '../experiment-types';
import { renderExperimentPage } from './render-experiment-page';
import { HOSTILE_TEXT, experimentFixture } from './test-support/experiment-fixture';

/** The section of the chart whose h3 has id chart-<id>, up to its end. */
function chart(html: string, id: string): string {
  const start = html.indexOf(`<section aria-labelledby="chart-${id}">`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

/** Each bar segment drawn: its x, width and tooltip, in document order. */
function rects(html: string): Array<{ x: number; width: number; title: string }> {
  return [...html.matchAll(/<rect class="bar" x="([^"]*)" y="[^"]*" width="([^"]*)" height="[^"]*" fill="[^"]*"><title>([^<]*)<\/title><\/rect>/g)].map((match) => ({
    x: Number(match[1]),
    width: Number(match[2]),
    title: match[3],
  }));
}

/** The cells of the first table row whose header cell starts with `label`, after `from`. */
function rowCells(html: string, label: string, from = 0): string[] {
  const start = html.indexOf(`<th scope="row">${label}`, from);
  expect(start).toBeGreaterThan(-1);
  const row = html.slice(start, html.indexOf('</tr>', start));
  return [...row.matchAll(/<td class="number">([^<]*)<\/td>/g)].map((match) => match[1]);
}

const html = renderExperimentPage(experimentFixture());

test('the claims: each with its source, both figures, and whether it holds in words and mark', () => {
  const claims = html.slice(html.indexOf('<h2 id="claims">'), html.indexOf('<h2 id="charts">'));
  expect(claims).toContain(
    '<tr><th scope="row">EPT beats shadow paging on fork-heavy work</th><td>Adams &amp; Agesen, ASPLOS 2006</td><td class="figure">up to 4x</td><td class="figure">4.5x</td>' +
      '<td><span class="verdict holds"><span aria-hidden="true">✓</span> holds</span></td><td><a href="#workload-fork-exit">fork-exit</a></td></tr>',
  );
  expect(claims).toContain(
    '<tr><th scope="row">Walk caches bring EPT within 10% of native on TLB misses</th><td>Bhargava et al., ASPLOS 2008</td><td class="figure">within 10%</td><td class="figure">89% slower</td>' +
      '<td><span class="verdict fails"><span aria-hidden="true">✗</span> does not hold</span></td><td><a href="#workload-tlb-miss">tlb-miss</a></td></tr>',
  );
  // Claims come before the charts, and each linked workload has its section.
  expect(html.indexOf('id="claims"')).toBeLessThan(html.indexOf('id="charts"'));
  expect(html).toContain('<h3 id="workload-fork-exit">Fork/exit storm <code class="muted">fork-exit</code></h3>');
  expect(html).toContain('<h3 id="workload-tlb-miss">');
});

test('the cost model, every figure with its name, and the configurations', () => {
  const simulated = html.slice(html.indexOf('<h2 id="simulated">'), html.indexOf('<h2 id="workloads">'));
  expect(simulated).toContain('<tr><th scope="row">A VM exit and the VM entry back<br><code class="muted">vmExitRoundTrip</code></th><td class="number">800</td></tr>');
  expect(simulated).toContain('<tr><th scope="row">Page-table write<br><code class="muted">pt-write</code></th><td class="number">1,500</td></tr>');
  expect(simulated.match(/<code class="muted">/g)).toHaveLength(9 + 9 + 4);
  expect(simulated).toContain('<tr><th scope="row">EPT + walk caches<br><code class="muted">ept-caches</code></th><td>EPT</td><td>64 entries, 4-way</td><td>24 guest, 24 nested entries</td><td>off</td><td>4 KiB</td><td>no</td></tr>');
  expect(simulated).toContain('<tr><th scope="row">Shadow<br><code class="muted">shadow</code></th><td>Shadow paging</td><td>64 entries, 4-way</td><td>off</td><td>–</td><td>–</td><td>no</td></tr>');
});

test('cycles per access: one bar per workload and configuration, each workload on its own scale', () => {
  const bars = rects(chart(html, 'cycles-per-access'));
  // tlb-miss: an axis of 0-50 over 328 units; fork-exit: 0-1,500.
  expect(bars.map((bar) => bar.width)).toEqual([59.04, 78.72, 321.44, 111.52, 54.67, 328, 72.16, 65.6]);
  expect(bars.every((bar) => bar.x === 6)).toBe(true);
  expect(bars.map((bar) => bar.title)).toEqual(['Native: 9.0', 'Shadow: 12.0', 'EPT: 49.0', 'EPT + walk caches: 17.0', 'Native: 250.0', 'Shadow: 1,500.0', 'EPT: 330.0', 'EPT + walk caches: 300.0']);
  const ticks = [...chart(html, 'cycles-per-access').matchAll(/<text class="tick" x="([^"]*)"[^>]*>([^<]*)<\/text>/g)].map((match) => [Number(match[1]), match[2]]);
  expect(ticks).toEqual([[6, '0'], [71.6, '10'], [137.2, '20'], [202.8, '30'], [268.4, '40'], [334, '50'], [6, '0'], [115.33, '500'], [224.67, '1,000'], [334, '1,500']]);
  // Each bar's value is written beside it, not only in its tooltip.
  expect(chart(html, 'cycles-per-access')).toMatch(/<text class="bar-total" x="331.44" y="[^"]*" dy="0.35em">49.0<\/text>/);
});

test('where the cycles go: each bar stacked by cost category, per access, the categories no run spent on left out', () => {
  const section = chart(html, 'cycles-by-category');
  // The fixture's EPT run of tlb-miss: 490,000 cycles over 10,000 accesses; 30 exits at 800 and the rest
  // (466,000 of the 24,000 references' 480,000) walking: 2.4 and 46.6 cycles per access.
  expect(section).toContain('EPT 49.0 (Page walks 46.6, VM exits and entries 2.4)');
  expect(section).toContain('Native 9.0 (Page walks 8.0, Guest kernel 1.0)');
  expect(section).not.toContain('TLB hits');
  expect(section).not.toContain('Hypervisor handlers');
});

test('references per walk: the TLB-miss workload alone, when it ran', () => {
  const section = chart(html, 'walk-references');
  expect(section.match(/<figure class="bar-panel">/g)).toHaveLength(1);
  // One scale of 0-25.
  expect(rects(section).map((bar) => [bar.title, bar.width])).toEqual([['Native: 4.0', 52.48], ['Shadow: 4.0', 52.48], ['EPT: 24.0', 314.88], ['EPT + walk caches: 8.0', 104.96]]);
});

test('references per walk: every workload on one scale when the TLB-miss workload did not run', () => {
  const results = experimentFixture();
  const withoutTlbMiss: ExperimentResults = { ...results, workloads: results.workloads.filter((workload) => workload.workload !== 'tlb-miss') };
  const section = chart(renderExperimentPage(withoutTlbMiss), 'walk-references');
  expect(rects(section).map((bar) => bar.width)).toEqual([65.6, 65.6, 295.2, 147.6]);
});

test('VM exits: the virtualized configurations, stacked by the reasons that occurred, the others left out of the legend', () => {
  const section = chart(html, 'vm-exits');
  const legend = [...section.matchAll(/<li><svg class="swatch"[^]*?<\/svg>([^<]*)<\/li>/g)].map((match) => match[1]);
  expect(legend).toEqual(['CR3 write', 'Page-table write', 'Hidden page fault', 'EPT violation']);
  // Nowhere in the drawing or its table either (the explanation above it may name them).
  const drawn = section.slice(section.indexOf('<div class="bar-chart">'));
  for (const absent of ['INVLPG', 'Guest page fault', 'EPT misconfiguration', 'NPT fault', 'VM switch']) expect(drawn).not.toContain(absent);
  const bars = rects(section);
  // 2 workloads × 3 virtualized configurations × 4 reasons; native has no bar.
  expect(bars).toHaveLength(24);
  expect(section).not.toContain('Native');
  // fork-exit under shadow paging: 100 + 400 + 200 exits on an axis of 0-800.
  expect(bars.slice(12, 16)).toEqual([
    { x: 6, width: 41, title: 'Shadow — CR3 write: 100' },
    { x: 47, width: 164, title: 'Shadow — Page-table write: 400' },
    { x: 211, width: 82, title: 'Shadow — Hidden page fault: 200' },
    { x: 293, width: 0, title: 'Shadow — EPT violation: 0' },
  ]);
  const table = section.slice(section.indexOf('<table>'));
  expect(table).toContain('<th scope="col" class="number">CR3 write</th><th scope="col" class="number">Page-table write</th><th scope="col" class="number">Hidden page fault</th><th scope="col" class="number">EPT violation</th><th scope="col" class="number">VM exits, total</th>');
  expect(rowCells(table, 'Shadow', table.indexOf('fork-exit'))).toEqual(['100', '400', '200', '0', '700']);
  expect(rowCells(table, 'EPT + walk caches')).toEqual(['0', '0', '0', '30', '30']);
  expect(section).toContain('<desc id="vm-exits-panel-2-desc">VM exits, one bar per configuration: Shadow 700 (CR3 write 100, Page-table write 400, Hidden page fault 200); EPT 50 (EPT violation 50); EPT + walk caches 50 (EPT violation 50).</desc>');
});

test('page-table memory: stacked by kind, one bar per mode and page sizes, configurations with the same tables sharing it', () => {
  const section = chart(html, 'page-tables');
  const bars = rects(section);
  // Per workload: native, shadow, and one EPT bar for both EPT configurations; three kinds each.
  expect(bars).toHaveLength(2 * 3 * 3);
  const labels = [...section.matchAll(/<text class="bar-label"[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
  expect(labels.slice(0, 3)).toEqual(['Native, 4 KiB pages', 'Shadow paging, 4 KiB guest pages', 'EPT, 4 KiB guest pages, 4 KiB host pages']);
  // tlb-miss on an axis of 0-15: 6 guest pages, then 8 EPT pages.
  expect(bars.slice(6, 9)).toEqual([
    { x: 6, width: 131.2, title: 'EPT, 4 KiB guest pages, 4 KiB host pages — Guest page tables: 6 (Configurations: EPT; EPT + walk caches)' },
    { x: 137.2, width: 0, title: 'EPT, 4 KiB guest pages, 4 KiB host pages — Shadow page tables: 0 (Configurations: EPT; EPT + walk caches)' },
    { x: 137.2, width: 174.93, title: 'EPT, 4 KiB guest pages, 4 KiB host pages — EPT: 8 (Configurations: EPT; EPT + walk caches)' },
  ]);
  const table = section.slice(section.indexOf('<table>'));
  expect(rowCells(table, 'Shadow paging', table.indexOf('fork-exit'))).toEqual(['40', '36', '0', '76']);
  expect(table).toContain('<th scope="row">Shadow paging, 4 KiB guest pages<br><span class="muted">Configuration: Shadow</span></th>');
  expect(table).toContain('<th scope="row">EPT, 4 KiB guest pages, 4 KiB host pages<br><span class="muted">Configurations: EPT; EPT + walk caches</span></th>');
});

test('page-table memory: bars of one mode and page sizes whose figures differ keep their configurations’ names', () => {
  const results = experimentFixture();
  const [tlbMiss, forkExit] = results.workloads;
  const differing: ExperimentResults = {
    ...results,
    workloads: [{ ...tlbMiss, runs: tlbMiss.runs.map((run) => (run.configuration === 'ept-caches' ? { ...run, peakPageTablePages: { guest: 6, shadow: 0, ept: 9 } } : run)) }, forkExit],
  };
  const section = chart(renderExperimentPage(differing), 'page-tables');
  const labels = [...section.matchAll(/<text class="bar-label"[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
  expect(labels.slice(0, 4)).toEqual(['Native, 4 KiB pages', 'Shadow paging, 4 KiB guest pages', 'EPT', 'EPT + walk caches']);
  expect(rects(section)).toHaveLength((4 + 3) * 3);
});

test("each workload's table: every configuration's figures, formatted", () => {
  const section = html.slice(html.indexOf('<h3 id="workload-fork-exit">'));
  expect(section).toContain('2,000 events in the measured phase.');
  // Cycles per access, cycles, TLB misses, references per walk, exits, hidden and guest faults, walk-cache hits, page-table pages.
  expect(rowCells(section, 'Shadow')).toEqual(['1,500.0', '1,500,000', '300', '4.0', '700', '200', '200', '0', '0', '0', '40', '36', '0']);
  expect(rowCells(section, 'EPT + walk caches')).toEqual(['300.0', '300,000', '300', '9.0', '50', '0', '200', '150', '600', '0', '40', '0', '10']);
});

test('every SVG is named and described, and every chart has its table', () => {
  const svgs = [...html.matchAll(/<svg viewBox="[^"]*" role="img" aria-labelledby="([^"]*)-title" aria-describedby="\1-desc">\n<title id="\1-title">[^<]+<\/title>\n<desc id="\1-desc">[^<]+<\/desc>/g)];
  // 2 + 2 + 1 + 2 + 2 panels.
  expect(svgs).toHaveLength(9);
  // And one SVG of patterns per chart, one swatch per legend entry: 3 modes, 3 cost categories, 3 modes, 4 reasons, 3 kinds.
  expect(html.match(/<svg /g)).toHaveLength(9 + 5 + (3 + 3 + 3 + 4 + 3));
  expect(html.match(/<details>/g)).toHaveLength(5);
});

test('text is text: markup in a description or a label is escaped, in HTML and in SVG', () => {
  expect(html).toContain('<p>Forks and exits &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</p>');
  expect(html).not.toContain(HOSTILE_TEXT);
  const results = experimentFixture();
  const hostileLabel = '<script>alert(2)</script>';
  const relabelled: ExperimentResults = {
    ...results,
    workloads: results.workloads.map((workload) => ({ ...workload, title: hostileLabel, runs: workload.runs.map((run) => ({ ...run, label: hostileLabel })) })),
    claims: results.claims.map((claim) => ({ ...claim, claim: hostileLabel, model: hostileLabel })),
  };
  const page = renderExperimentPage(relabelled);
  expect(page).not.toMatch(/<script|<img/);
  expect(page).toContain('<text class="bar-label" x="6" y="18">&lt;script&gt;alert(2)&lt;/script&gt;</text>');
  expect(page).toContain('<figcaption>&lt;script&gt;alert(2)&lt;/script&gt; (tlb-miss)</figcaption>');
});

test('one self-contained, accessible page: no script, nothing fetched, headings in order, headers scoped, tables captioned', () => {
  expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toContain('@media print');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\((?!#)|href="(?!#)|https?:/i);
  const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((match) => Number(match[1]));
  expect(levels[0]).toBe(1);
  expect(levels.filter((level) => level === 1)).toHaveLength(1);
  levels.forEach((level, index) => index === 0 || expect(level).toBeLessThanOrEqual(levels[index - 1] + 1));
  expect(html.match(/<th[ >]/g)?.length).toBe(html.match(/<th scope="(col|row|colgroup|rowgroup)"/g)?.length);
  expect(html.match(/<table[ >]/g)?.length).toBe(html.match(/<table[^>]*>\n<caption>/g)?.length);
  // Ids are unique: patterns and panels of different charts never collide.
  const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]);
  expect(new Set(ids).size).toBe(ids.length);
});

test('nothing ran: the page still renders, saying so', () => {
  const page = renderExperimentPage({ ...experimentFixture(), workloads: [], claims: [] });
  expect(page).not.toContain('<rect class="bar"');
  expect(page).toContain('No claim’s workloads ran.');
  expect(page).toContain('No configuration ran in a virtual machine.');
  expect(page.match(/No workload ran\./g)).toHaveLength(5);
});

test('a quick run (--scale) says so at the top; a full run does not', () => {
  expect(html).not.toContain('A quick run');
  const quick = renderExperimentPage({ ...experimentFixture(), scale: 0.2 });
  expect(quick).toContain('<strong>A quick run:</strong> each workload’s measured phase ran for 20% of its length');
});
