import { describe, expect, it } from 'vitest';
import { convertWithHtmlToText, htmlToLine, htmlToPlain, simpleHtmlToText } from '../../src/ingest/html-to-plain.js';
import { prng } from '../helpers/prng.js';

// The fast path for simple fragments must give exactly what html-to-text gives, or decline.

const WORDS = ['cyber', 'Policy', 'NIS2', 'l’ENISA', 'directive', 'Übergang', 'データ', 'сеть', '2026', '—', '.', ',', '(CISA)'];
const SPACES = [' ', '  ', '\n', '\t', ' \n ', '\u200b', '\u00a0', '\r\n', '\f', ''];
const ENTITIES = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&nbsp;', '&#233;', '&#x1F600;', '&#32;', '&#10;', '& ', '&#8203;', '&#150;', '&eacute;', '&amp', '&#0;'];
const INLINE = ['a', 'strong', 'b', 'em', 'i', 'span', 'code', 'small', 'sup', 'u', 'font'];
const BLOCK = ['p', 'div', 'div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const VOID = ['<img src="a.png" alt="photo"/>', '<img src=x.png>', '<IMG alt="">', '<script>track("</p>")</script>', '<script type="x">a<b</script>', '<SCRIPT>x</SCRIPT>'];
const ATTRS = ['', ' href="https://example.org/x?a=1&amp;b=2"', " class='lead'", ' title="a > b"', ' data-x=1', ' hidden', ' href=https://example.org/y/', ' style="color:red"  '];

function fragment(next: () => number, depth = 0): string {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  let out = '';
  const parts = 1 + Math.floor(next() * 6);
  for (let i = 0; i < parts; i++) {
    const r = next();
    if (r < 0.35) out += pick(SPACES) + pick(WORDS) + pick(SPACES) + (next() < 0.5 ? pick(WORDS) : '');
    else if (r < 0.45) out += pick(ENTITIES);
    else if (r < 0.52) out += next() < 0.8 ? '<br>' : pick(['<br/>', '<br />', '<BR>']);
    else if (r < 0.56) out += pick(VOID);
    else if (r < 0.75 && depth < 4) {
      const tag = pick(INLINE);
      const upper = next() < 0.1;
      out += `<${upper ? tag.toUpperCase() : tag}${pick(ATTRS)}>${fragment(next, depth + 1)}</${tag}>`;
    } else if (depth < 3) {
      const tag = pick(BLOCK);
      const close = next() < 0.9 ? `</${tag}>` : '';
      out += `<${tag}${pick(ATTRS)}>${fragment(next, depth + 1)}${close}${pick(SPACES)}`;
    } else out += pick(WORDS);
  }
  return out;
}

describe('simpleHtmlToText', () => {
  it('matches html-to-text on generated fragments whenever it takes them', () => {
    const next = prng(20261207);
    let taken = 0;
    const total = 4000;
    for (let i = 0; i < total; i++) {
      const html = fragment(next);
      const fast = simpleHtmlToText(html);
      if (fast === null) continue;
      taken++;
      expect(fast, JSON.stringify(html)).toBe(convertWithHtmlToText(html));
    }
    // The generator mostly produces what the fast path handles: the comparison must not be vacuous.
    expect(taken).toBeGreaterThan(total / 4);
  });

  it.each([
    ['<p>One.</p>\n<p><a href="https://example.org/r/1">Two.</a></p>\n<p><strong>Three.</strong></p>', 'One.\n\nTwo.\n\nThree.'],
    ['a<strong>b</strong>c <em>d</em>', 'abc d'],
    ['x<br>y<br/><br />z', 'x\ny\n\nz'],
    ['<div>a<p>b</p>c</div>d', 'a\n\nb\n\nc\nd'],
    ['Tom &amp; Jerry &lt;3 &#233;t&#xE9;', 'Tom & Jerry <3 été'],
    ['<h2>Ruling</h2><p>The court&#8217;s ruling is final.</p><script>track()</script>', 'Ruling\n\nThe court’s ruling is final.'],
    ['<p>Police <a href="https://x.example/">seized</a> servers.</p><img src="a.png" alt="photo"/>', 'Police seized servers.'],
  ])('%j', (html, expected) => {
    expect(simpleHtmlToText(html)).toBe(expected);
    expect(convertWithHtmlToText(html)).toBe(expected);
  });

  it.each([
    '<p>a<p>b',
    '<ul><li>x</li></ul>',
    '<h2><p>Title</p></h2>',
    '<p><h2>Title</h2></p>',
    '<script>x',
    '<script>x</SCRIPT>',
    'a < b',
    '<!-- note -->x',
    '<span/>x',
    '<b><i>x</b></i>',
    '</p>',
    '&eacute;',
    '&#150;',
    '<a href="x<y">z</a>',
    '<custom-tag>x</custom-tag>',
  ])('declines %j', (html) => {
    expect(simpleHtmlToText(html)).toBeNull();
  });

  it('is what htmlToPlain and htmlToLine use, with the same results as before', () => {
    expect(htmlToPlain('<p>Hello <b>world</b></p><p>again &amp; again</p>')).toBe('Hello world\n\nagain & again');
    expect(htmlToLine('<p>Hello</p><p>world</p>')).toBe('Hello world');
    expect(htmlToPlain('no markup   here')).toBe('no markup   here');
  });
});
