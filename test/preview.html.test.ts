// The HTML renderer of the IR (live preview): spans, escaping, page boxes; and
// the diagnostics view.
import { describe, expect, it } from 'vitest';
import type { DocumentIR } from '../src/ir/types.js';
import { renderHtml, fontFaceCss } from '../src/render/html/index.js';
import { renderView } from '../src/preview/view.js';
import { smallIR } from './fixtures/ir-small.js';

function withRisky(): DocumentIR {
  const doc = smallIR();
  const [cover, toc, part1, part2] = doc.sections;
  return {
    ...doc,
    sections: [
      cover!,
      toc!,
      {
        ...part1!,
        blocks: [
          ...part1!.blocks,
          {
            kind: 'paragraph',
            runs: [{ text: '项目 <script>alert(1)</script> & {{fig.total}} "q"' }],
            font: 'body',
            size: 16,
            align: 'justify',
            firstLineIndentChars: 2,
          },
        ],
      },
      part2!,
    ],
  };
}

describe('HTML renderer of the IR', () => {
  const html = renderHtml(withRisky());

  it('keeps row and column spans and leaves covered cells out', () => {
    const firstRow = /<thead><tr[^>]*>(.*?)<\/tr>/.exec(html)![1]!;
    expect(firstRow).toMatch(/<td rowspan="2"[^>]*>科目编码<\/td>/);
    expect(firstRow).toMatch(/<td colspan="3"[^>]*>本年预算<\/td>/);
    expect(firstRow.match(/<td/g)).toHaveLength(3);
    expect(html).toMatch(/<col style="width:16\.667%">/);
    // 60 body rows of 5 cells
    expect(/<tbody>(.*?)<\/tbody>/.exec(html.slice(html.indexOf('<thead>')))![1]!.match(/<tr/g)).toHaveLength(60);
  });

  it('escapes text: a < or {{ in the data prints as itself', () => {
    expect(html).toContain('项目 &lt;script&gt;alert(1)&lt;/script&gt; &amp; {{fig.total}} &quot;q&quot;');
    expect(html).not.toContain('<script>');
  });

  it('lays sections out as page boxes: landscape wider, a page break starts a box, body text indented', () => {
    const pages = html.match(/<section class="ir-page [^"]+"/g)!;
    // cover, toc, part1 (two boxes: one page break), part2
    expect(pages).toEqual([
      '<section class="ir-page ir-portrait"',
      '<section class="ir-page ir-portrait"',
      '<section class="ir-page ir-portrait"',
      '<section class="ir-page ir-portrait"',
      '<section class="ir-page ir-landscape"',
    ]);
    expect(html).toMatch(/ir-landscape" data-section="part2" style="width:841\.89pt;min-height:595\.28pt/);
    expect(html).toMatch(/<p class="ir-p f-body" style="font-size:16pt;text-align:justify;text-indent:2em;line-height:28\.95pt">本单位内设/);
    // the table of contents links to the headings
    expect(html).toContain('<a href="#ir-h-duties">');
    expect(html).toContain('id="ir-h-duties"');
  });

  it('gives each font role a face the page can load', () => {
    const css = fontFaceCss(smallIR(), (f) => `/fonts/${encodeURIComponent(f.split('/').pop()!)}`);
    expect(css).toMatch(/\.f-heading\{font-family:"dz-heading","dz-heading-fb","黑体","Noto Sans CJK SC",sans-serif\}/);
    expect(css).toMatch(/\.f-body\{font-family:"dz-body","dz-body-fb","仿宋_GB2312","Noto Serif CJK SC",serif\}/);
  });
});

describe('preview diagnostics view', () => {
  it('shows errors at file:line:col with the source line, message and hint, escaped, and marks the render stale', () => {
    const html = renderView({
      lang: 'zh',
      gen: 3,
      file: '/tmp/x/dept.yaml',
      diagnostics: [
        { severity: 'error', code: 'yaml.syntax', message: '不能用 <Tab> 缩进', hint: '改用空格', file: '/tmp/x/dept.yaml', line: 2, column: 1 },
        { severity: 'warning', code: 'check.w', message: 'w', file: '/tmp/x/dept.yaml', line: 1, column: 3 },
      ],
      sourceOf: () => 'a: 1\n\tb: 2\n',
      docHtml: '<div class="ir-doc"></div>',
      stale: true,
      fontKey: 'k',
    });
    expect(html).toContain('<code class="loc">/tmp/x/dept.yaml:2:1</code>');
    expect(html).toContain('不能用 &lt;Tab&gt; 缩进');
    expect(html).toContain('提示：改用空格');
    expect(html).toContain('<span class="ln">2 │ </span><mark><span class="tab">→\t</span></mark>b: 2</pre>');
    expect(html).toContain('data-state="err"');
    expect(html).toContain('<div class="doc stale">');
    expect(html).toMatch(/错误（1）/);
    expect(html).toMatch(/警告（1）/);
  });
});
