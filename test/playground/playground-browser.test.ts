import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/package-root.js';
import { spawnServe, type ServeProcess } from '../helpers/spawn-serve.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fromRoot('test-artifacts');
// CI (.ci/run) sets REQUIRE_BROWSER=1: there a missing Chromium fails the suite instead of skipping it.
const BROWSER_REQUIRED = process.env.REQUIRE_BROWSER === '1';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** Runs axe-core (injected from the devDependency, nothing downloaded) on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.map((v) => `${v.impact}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Debian's Chromium, headless, with its own calls home turned off (the tests count foreign requests). */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}

// Real browser, real server: Debian's Chromium driven by playwright-core (no browser download).
describe.skipIf(!existsSync(CHROMIUM) && !BROWSER_REQUIRED)('playground in a real browser', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    serve = await spawnServe({ SAMPLES: '1' }, 120_000);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => {
      const host = new URL(request.url()).hostname;
      if (!['127.0.0.1', 'localhost'].includes(host) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
    });
    await page.goto(`${serve.url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('the empty playground has no accessibility violation (axe-core)', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('answers paris-call in both renderings, the Adaptive Card actually drawn', async () => {
    await page.fill('#command', 'paris-call');
    await page.press('#command', 'Enter');
    await page.waitForSelector('#slack-view .slack-msg', { timeout: 20_000 });
    await page.waitForSelector('#teams-view .ac-adaptiveCard', { timeout: 20_000 });
    expect(await page.textContent('#slack-view')).toMatch(/Paris Call/);
    expect(await page.textContent('#teams-view')).toMatch(/Paris Call/);
    // Arabic and French stories keep their own script.
    expect(await page.textContent('#slack-view')).toMatch(/نداء باريس|Appel de Paris/);
    const slackJson = JSON.parse((await page.textContent('#slack-json')) ?? 'null');
    expect(slackJson).not.toBeNull();
    const teamsJson = JSON.parse((await page.textContent('#teams-json')) ?? 'null');
    expect(teamsJson.type ?? teamsJson[0]?.type).toBe('AdaptiveCard');
    await page.screenshot({ path: `${ARTIFACTS}/playground-paris-call.png`, fullPage: true });
  });

  it('after paris-call, both renderings have no accessibility violation (axe-core)', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });


  it('a button press goes through the action handler and shows the confirmation', async () => {
    const button = page.locator('#slack-view .slack-button', { hasText: /Subscribe/ }).first();
    await button.click();
    await page.waitForFunction(() => /subscribed/i.test(document.querySelector('#slack-view')?.textContent ?? ''), null, { timeout: 10_000 });
    expect(await page.textContent('#teams-view')).toMatch(/subscribed/i);
    await page.fill('#command', 'list');
    await page.press('#command', 'Enter');
    await page.waitForFunction(() => /paris/i.test(document.querySelector('#slack-view')?.textContent ?? ''), null, { timeout: 10_000 });
  });

  it('the Teams card buttons work too', async () => {
    await page.fill('#command', 'ransomware');
    await page.press('#command', 'Enter');
    await page.waitForSelector('#teams-view .ac-pushButton', { timeout: 20_000 });
    await page.locator('#teams-view .ac-pushButton', { hasText: /Mute/ }).first().click();
    await page.waitForFunction(() => /mute/i.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 10_000 });
  });

  it('digest preview, then post now shows what the channel received', async () => {
    await page.selectOption('#channel', 'demo:policy-team');
    await page.fill('#command', 'subscribe paris-call');
    await page.press('#command', 'Enter');
    await page.waitForFunction(() => /subscribed/i.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 10_000 });
    await page.fill('#command', 'digest');
    await page.press('#command', 'Enter');
    await page.waitForFunction(() => /Paris Call/.test(document.querySelector('#slack-view')?.textContent ?? ''), null, { timeout: 15_000 });
    await page.fill('#command', 'digest post');
    await page.press('#command', 'Enter');
    await page.waitForFunction(() => /Delivered to demo:policy-team/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 20_000 });
    expect(await page.textContent('#slack-view')).toMatch(/Paris Call/);
    expect(await page.locator('#slack-view .slack-tag', { hasText: 'Only visible to you' }).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/playground-digest-posted.png`, fullPage: true });
  });

  it('the newsroom shows stories with right-to-left Arabic and works on a narrow screen', async () => {
    await page.click('#tab-newsroom');
    await page.waitForSelector('#stories .story', { timeout: 15_000 });
    const rtl = await page.locator('#stories [dir="rtl"][lang="ar"]').count();
    expect(rtl).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/newsroom.png`, fullPage: true });
    await page.setViewportSize({ width: 380, height: 800 });
    await page.click('#tab-playground');
    await page.screenshot({ path: `${ARTIFACTS}/playground-narrow.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('is keyboard accessible: the command box is reachable and Enter submits', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill('#command', '');
    await page.focus('#command');
    await page.keyboard.type('help');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /subscribe/.test(document.querySelector('#slack-view')?.textContent ?? ''), null, { timeout: 10_000 });
    // Back from the command box: the channel's language, then the channel.
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('language');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('channel');
  });

  it('a blank command is answered with help, as Slack and Teams answer it', async () => {
    await page.fill('#command', 'paris-call');
    await page.press('#command', 'Enter');
    await page.waitForFunction(() => /Paris Call/.test(document.querySelector('#slack-view')?.textContent ?? ''), null, { timeout: 15_000 });
    await page.fill('#command', '   ');
    await page.press('#command', 'Enter');
    await page.waitForFunction(() => /Commands|subscribe <topic>/.test(document.querySelector('#slack-view')?.textContent ?? ''), null, { timeout: 10_000 });
    expect(await page.textContent('#status')).not.toBe('');
  });

  it('settings shows the App Home tab and the Teams card; ticking a topic and saving the card both save', async () => {
    await page.selectOption('#channel', 'demo:security-ops');
    await page.fill('#command', 'settings');
    await page.press('#command', 'Enter');
    await page.waitForSelector('#slack-view input[data-topic]', { timeout: 15_000 });
    await page.waitForSelector('#teams-view .ac-adaptiveCard input[type="time"]', { timeout: 15_000 });
    expect(await page.locator('#slack-view .slack-tag', { hasText: 'App Home tab' }).count()).toBe(1);
    // The App Home pane: ticking a topic runs `subscribe`, and both forms show it.
    await page.locator('#slack-view input[data-topic][value="ransomware"]').check();
    await page.waitForFunction(() => /Saved with: subscribe ransomware/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 10_000 });
    expect(await page.locator('#slack-view input[data-topic][value="ransomware"]').isChecked()).toBe(true);
    // The Teams card: a new time, then Save.
    await page.fill('#teams-view input[type="time"]', '16:30');
    await page.locator('#teams-view .ac-pushButton', { hasText: 'Save' }).click();
    await page.waitForFunction(() => /Saved with: schedule weekly mon 16:30 UTC/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 10_000 });
    expect(await page.inputValue('#slack-view input[type="time"]')).toBe('16:30');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/playground-settings.png`, fullPage: true });
  });

  it('made no request outside localhost', () => {
    expect(foreignRequests).toEqual([]);
  });
});

/** A string of digests/strings/<lang>.json with its {params} filled in. */
function uiString(table: Record<string, string>, key: string, params: Record<string, string> = {}): string {
  const template = table[key];
  if (template === undefined) throw new Error(`no string ${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

// A second server, with the demo translator on: an Arabic-language channel chosen in the selector.
describe.skipIf(!existsSync(CHROMIUM) && !BROWSER_REQUIRED)('an Arabic-language channel in the playground (real browser)', () => {
  const AR = JSON.parse(readFileSync(fromRoot('digests', 'strings', 'ar.json'), 'utf8')) as Record<string, string>;
  const topics = JSON.parse(readFileSync(fromRoot('digests', 'topics.json'), 'utf8')) as { topics: { slug: string; names: Record<string, string> }[] };
  const PARIS_CALL_AR = topics.topics.find((t) => t.slug === 'paris-call')!.names.ar!;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The demo translator answers at once; a long budget keeps a loaded machine from showing key-facts lines instead.
    serve = await spawnServe({ SAMPLES: '1', TRANSLATE_PROVIDER: 'demo', TRANSLATE_BUDGET_MS: '20000' }, 120_000);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${serve.url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('labels TRANSLATE_PROVIDER=demo as a demonstration that translates nothing', async () => {
    expect(await page.isVisible('#translation-note')).toBe(true);
    expect(await page.textContent('#translation-note .demo-tag')).toBe('Demonstration');
    expect(await page.textContent('#translation-note')).toContain('TRANSLATE_PROVIDER=demo');
    expect(await page.textContent('#translation-note')).toContain('not translated');
  });

  it('picking Arabic re-draws the channel right to left: Arabic headings, buttons and dates, key facts under foreign items', async () => {
    await page.selectOption('#channel', 'demo:security-ops');
    await page.waitForFunction(() => (document.querySelector('#language') as HTMLSelectElement | null)?.value === 'en', null, { timeout: 10_000 });
    await page.fill('#command', 'paris-call');
    await page.press('#command', 'Enter');
    await page.waitForFunction(() => document.querySelector('#slack-view')?.getAttribute('lang') === 'en' && document.querySelector('#slack-view .slack-header'), null, { timeout: 20_000 });
    expect(await page.getAttribute('#slack-view', 'dir')).toBe('ltr');

    // The selector sets the channel's language through the command center (`language ar`), then shows the same listing again.
    await page.selectOption('#language', 'ar');
    await page.waitForFunction(() => document.querySelector('#slack-view')?.getAttribute('lang') === 'ar', null, { timeout: 20_000 });
    await page.waitForSelector('#teams-view .ac-adaptiveCard', { timeout: 20_000 });
    expect(await page.inputValue('#language')).toBe('ar');
    const stored = (await (await fetch(`${serve.url}/api/playground/channel?channel=demo:security-ops`)).json()) as { lang: string };
    expect(stored.lang).toBe('ar');

    // Headings and buttons: the words of digests/strings/ar.json.
    const header = uiString(AR, 'topic.header', { topic: PARIS_CALL_AR });
    expect(await page.textContent('#slack-view .slack-header')).toBe(header);
    expect(await page.textContent('#teams-view')).toContain(header);
    const slackButtons = await page.locator('#slack-view .slack-button').allTextContents();
    const teamsButtons = await page.locator('#teams-view .ac-pushButton').allTextContents();
    for (const key of ['action.subscribeTopic', 'action.muteStory', 'action.moreLikeThis', 'action.why', 'action.showOriginal']) {
      expect(slackButtons).toContain(AR[key]);
      expect(teamsButtons.map((b) => b.trim())).toContain(AR[key]);
    }

    // Laid out right to left: the bot's words take the channel's direction in both views.
    const direction = (selector: string) => page.$eval(selector, (node) => getComputedStyle(node).direction);
    expect(await direction('#slack-view')).toBe('rtl');
    expect(await direction('#slack-view .slack-header')).toBe('rtl');
    expect(await direction('#teams-view')).toBe('rtl');
    expect(await direction('#teams-view .ac-adaptiveCard')).toBe('rtl');

    // Dates written by Intl for Arabic: the Arabic press release's date, read from its text.
    const day = new Intl.DateTimeFormat('ar', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2018, 10, 12)));
    const dated = `${day} (${AR['story.dateFromText']})`;
    expect(await page.textContent('#slack-view')).toContain(dated);
    expect(await page.textContent('#teams-view')).toContain(dated);
    // Its verbatim text stays as written (it is not foreign here, so it is not machine-translated).
    expect(await page.textContent('#slack-view')).toContain('كاسبرسكي لاب من أوائل الداعمين');

    // Key facts under each foreign story, in Arabic: "From English · Paris Call …"; none under the Arabic one.
    const fromEnglish = `${uiString(AR, 'facts.from', { language: new Intl.DisplayNames(['ar'], { type: 'language' }).of('en')! })} · ${PARIS_CALL_AR} · `;
    const factsPrefix = uiString(AR, 'facts.from', { language: '' });
    const contexts = (await page.locator('#slack-view .slack-context span').allTextContents()).map((s) => s.trim());
    const facts = contexts.filter((s) => s.startsWith(factsPrefix));
    const stories = (await page.locator('#slack-view .slack-button', { hasText: AR['action.muteStory']! }).count());
    expect(facts.some((line) => line.startsWith(fromEnglish))).toBe(true);
    expect(facts.length).toBe(stories - 1);
    expect(await page.textContent('#teams-view')).toContain(fromEnglish);
    // The demo translator's mark, in Arabic, says it is a demonstration.
    expect(contexts).toContain(`(${uiString(AR, 'translation.demoMark', { provider: 'demo translator' })})`);
    await page.screenshot({ path: `${ARTIFACTS}/playground-arabic-channel.png`, fullPage: true });
  });

  it('"Show original" on a tagged (demo-translated) story shows its verbatim English text under an Arabic heading', async () => {
    const english = new Intl.DisplayNames(['ar'], { type: 'language' }).of('en')!;
    await page.locator('#slack-view .slack-button', { hasText: AR['action.showOriginal']! }).first().click();
    const header = uiString(AR, 'original.header', { language: english });
    await page.waitForFunction((h) => document.querySelector('#slack-view .slack-header')?.textContent === h, header, { timeout: 10_000 });
    const text = (await page.textContent('#slack-view .slack-section')) ?? '';
    expect(text).toContain('Paris Call adds 64 supporters');
    expect(text).not.toContain('[en→ar]');
    expect(await page.getAttribute('#slack-view', 'dir')).toBe('rtl');
  });

  it('the Arabic channel view has no accessibility violation (axe-core)', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });
});
