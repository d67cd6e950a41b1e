import { ACTION_IDS } from '../../../src/replies/action-ids.js';
import { api, type PlaygroundSetup, type Rendered, type UiLanguage } from './api-client.js';
import { el, RTL_LANGS } from './dom.js';
import { showNewsroom, wireNewsroom } from './newsroom.js';
import { drawSlack } from './slack-view.js';
import { drawTeams } from './teams-view.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function setStatus(text: string, error = false): void {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

/** Slack action ids may carry a suffix for uniqueness; the core knows the stable prefix. */
function coreActionId(actionId: string): string {
  return ACTION_IDS.find((id) => actionId === id || actionId.startsWith(id + ':') || actionId.startsWith(id + '_')) ?? actionId;
}

let languages: UiLanguage[] = [];
/** Per demo channel, the last command worth showing again after its language changes (read-only ones only). */
const lastView = new Map<string, string>();
// Commands that change something: re-running them to re-draw a view would do it twice.
const CHANGES = /^\s*(language|subscribe|unsubscribe|schedule|sources|follow|unfollow|digest\s+post)\b/i;

function directionOf(lang: string): 'ltr' | 'rtl' {
  return languages.find((l) => l.code === lang)?.dir ?? (RTL_LANGS.has(lang) ? 'rtl' : 'ltr');
}

/** The channel's language on both views: the bot's own words follow it (Arabic right to left), while each item keeps its own direction inside. */
function setViewLanguage(lang: string): void {
  for (const id of ['slack-view', 'teams-view']) {
    $(id).lang = lang;
    $(id).dir = directionOf(lang);
  }
  const select = $<HTMLSelectElement>('language');
  if (languages.some((l) => l.code === lang)) select.value = lang;
}

function show(result: Rendered): void {
  const press = (actionId: string, value: string) => void pressButton(actionId, value);
  if (result.doc.lang) setViewLanguage(result.doc.lang);
  drawSlack($('slack-view'), result.slack, result.doc.visibility === 'private', press, (change) => void saveSettings({ change }));
  drawTeams($('teams-view'), result.teams, press, (data) => void saveSettings({ teams: data }));
  $('slack-json').textContent = JSON.stringify(result.slack.length === 1 ? result.slack[0] : result.slack, null, 2);
  $('teams-json').textContent = JSON.stringify(result.teams.length === 1 ? result.teams[0] : result.teams, null, 2);
}

/** After `digest post`, wait for the scheduler's delivery and show exactly what was posted to the channel. */
async function showDelivery(channel: string, lastSeen: string | undefined): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((r) => setTimeout(r, 700));
    const post = (await api.posted(channel)).posts.at(-1);
    if (post && post.id !== lastSeen) {
      show(post);
      setStatus(`Delivered to ${channel} at ${post.at.slice(11, 19)} UTC: this is the message the channel received.`);
      return;
    }
  }
}

async function run(text: string): Promise<void> {
  const channel = $<HTMLSelectElement>('channel').value;
  setStatus(`Running “${text}” in ${channel}…`);
  try {
    const posting = /^\s*digest\s+post\b/i.test(text);
    const lastSeen = posting ? (await api.posted(channel)).posts.at(-1)?.id : undefined;
    const result = await api.command(channel, text);
    if (!result.doc.isError && !CHANGES.test(text)) lastView.set(channel, text);
    show(result);
    setStatus(result.doc.isError ? `Error: ${result.doc.fallbackText}` : result.doc.fallbackText, Boolean(result.doc.isError));
    if (posting && !result.doc.isError) await showDelivery(channel, lastSeen);
  } catch (err) {
    setStatus(`Request failed: ${(err as Error).message}`, true);
  }
}

async function pressButton(actionId: string, value: string): Promise<void> {
  const channel = $<HTMLSelectElement>('channel').value;
  try {
    const result = await api.action(channel, coreActionId(actionId), value);
    show(result);
    setStatus(result.doc.fallbackText, Boolean(result.doc.isError));
  } catch (err) {
    setStatus(`Button failed: ${(err as Error).message}`, true);
  }
}

/** The settings form (App Home pane or Teams card) saved through the same commands the chat clients run. */
async function saveSettings(body: { change?: object; teams?: Record<string, unknown> }): Promise<void> {
  const channel = $<HTMLSelectElement>('channel').value;
  try {
    const result = await api.settings(channel, body);
    show(result);
    setStatus(result.commands.length > 0 ? `Saved with: ${result.commands.join(' · ')}` : 'Nothing to change.');
  } catch (err) {
    setStatus(`Saving failed: ${(err as Error).message}`, true);
  }
}


/** The language selector: `language <code>` through the command center, then the channel's last view again, now in that language. */
async function chooseLanguage(code: string): Promise<void> {
  const channel = $<HTMLSelectElement>('channel').value;
  setStatus(`Setting ${channel} to ${code}…`);
  try {
    const result = await api.command(channel, `language ${code}`);
    if (result.doc.isError) {
      show(result);
      setStatus(`Error: ${result.doc.fallbackText}`, true);
      return;
    }
    const again = lastView.get(channel);
    show(again !== undefined ? await api.command(channel, again) : result);
    setStatus(result.doc.fallbackText);
  } catch (err) {
    setStatus(`Request failed: ${(err as Error).message}`, true);
    await syncLanguage(channel);
  }
}

/** Shows the selected channel's stored language in the selector (English until the channel chose one). */
async function syncLanguage(channel: string): Promise<void> {
  const { lang } = await api.channel(channel);
  $<HTMLSelectElement>('language').value = lang;
}

/** Says which machine translation runs; the demo mode is labelled as a demonstration that translates nothing. */
function showTranslationMode(translation: PlaygroundSetup['translation']): void {
  const note = $('translation-note');
  if (!translation) {
    note.hidden = true;
    return;
  }
  note.hidden = false;
  note.classList.toggle('demonstration', translation.demo);
  note.replaceChildren(
    ...(translation.demo
      ? [
          el('strong', { class: 'demo-tag' }, 'Demonstration'),
          ' Translation demo (TRANSLATE_PROVIDER=demo): foreign titles and summaries are only tagged with their languages, such as “[ar→en] …”, not translated. Nothing leaves this machine.',
        ]
      : [`Machine translation is on (TRANSLATE_PROVIDER=${translation.provider}): titles and summaries of foreign stories are sent to that provider and marked as machine translation.`]),
  );
}

function selectTab(which: 'playground' | 'newsroom'): void {
  for (const name of ['playground', 'newsroom'] as const) {
    const tab = $(`tab-${name}`);
    const selected = name === which;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`view-${name}`).hidden = !selected;
  }
  if (which === 'newsroom') void showNewsroom().catch((err) => ($('newsroom-count').textContent = `Failed to load: ${(err as Error).message}`));
}

async function init(): Promise<void> {
  const setup = await api.channels();
  languages = setup.languages;
  $('channel').replaceChildren(...setup.channels.map((c) => el('option', { value: c }, c)));
  // Each language named in itself, marked with its own language so screen readers say it right.
  $('language').replaceChildren(...languages.map((l) => el('option', { value: l.code, lang: l.code, dir: l.dir }, `${l.name} (${l.code})`)));
  showTranslationMode(setup.translation);
  await syncLanguage($<HTMLSelectElement>('channel').value);
  $('channel').addEventListener('change', () => void syncLanguage($<HTMLSelectElement>('channel').value).catch((err) => setStatus(`Request failed: ${(err as Error).message}`, true)));
  $('language').addEventListener('change', () => void chooseLanguage($<HTMLSelectElement>('language').value));
  $('command-form').addEventListener('submit', (event) => {
    event.preventDefault();
    // Blank text goes through like any other: the core answers it with help, as in Slack and Teams.
    void run($<HTMLInputElement>('command').value.trim());
  });
  for (const chip of document.querySelectorAll<HTMLButtonElement>('.chip')) {
    chip.addEventListener('click', () => {
      $<HTMLInputElement>('command').value = chip.dataset.command ?? '';
      void run(chip.dataset.command ?? '');
    });
  }
  for (const copy of document.querySelectorAll<HTMLButtonElement>('.copy')) {
    copy.addEventListener('click', () => void navigator.clipboard?.writeText($(copy.dataset.copy!).textContent ?? '').then(() => setStatus('Copied.')));
  }
  const tabs = ['playground', 'newsroom'] as const;
  tabs.forEach((name, i) => {
    const tab = $(`tab-${name}`);
    tab.addEventListener('click', () => selectTab(name));
    // Arrow keys move between tabs, as the ARIA tabs pattern expects.
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      const next = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
      selectTab(next);
      $(`tab-${next}`).focus();
    });
  });
  wireNewsroom();
  $<HTMLInputElement>('command').focus();
  document.body.dataset.ready = 'true';
}

void init().catch((err) => setStatus(`Playground failed to start: ${(err as Error).message}`, true));
