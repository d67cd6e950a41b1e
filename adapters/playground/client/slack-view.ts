import { SETTINGS_ACTION } from '../../../src/replies/action-ids.js';
import type { SettingsChange } from '../../../src/replies/settings-view.js';
import type { SlackBlock, SlackMessage } from './api-client.js';
import { el } from './dom.js';

export type ButtonHandler = (actionId: string, value: string) => void;
/** A change made in the App Home pane's settings inputs. */
export type SettingsHandler = (change: SettingsChange) => void;

type Element = Record<string, unknown>;
type Option = { text?: { text?: string }; value?: string };

/** The App Home tab's inputs as page controls: each change is reported as Slack would report it to the app. */
function input(element: Element, scope: HTMLElement, onSettings: SettingsHandler | undefined, onPress: ButtonHandler): Node {
  const id = String(element.action_id ?? '');
  const base = id.split(':')[0];
  const label = textOf(element.placeholder).text;
  switch (element.type) {
    case 'checkboxes': {
      const initial = new Set(((element.initial_options as Option[]) ?? []).map((o) => o.value));
      const group = el('fieldset', { class: 'slack-checkboxes' });
      for (const option of (element.options as Option[]) ?? []) {
        const box = el('input', { type: 'checkbox', value: option.value ?? '', 'data-topic': '' }) as HTMLInputElement;
        box.checked = initial.has(option.value);
        // Slack sends the group's selected options; the page sends every ticked topic of the tab.
        box.addEventListener('change', () => onSettings?.({ topics: [...scope.querySelectorAll<HTMLInputElement>('input[data-topic]:checked')].map((b) => b.value) }));
        group.append(el('label', { dir: 'auto' }, box, ' ', option.text?.text ?? ''));
      }
      return group;
    }
    case 'static_select': {
      const select = el('select', { 'aria-label': label }, ...((element.options as Option[]) ?? []).map((o) => el('option', { value: o.value ?? '' }, o.text?.text ?? ''))) as HTMLSelectElement;
      select.value = (element.initial_option as Option | undefined)?.value ?? '';
      const field = base === SETTINGS_ACTION.day ? 'day' : base === SETTINGS_ACTION.zone ? 'zone' : 'language';
      select.addEventListener('change', () => onSettings?.({ [field]: select.value }));
      return select;
    }
    case 'timepicker': {
      const time = el('input', { type: 'time', 'aria-label': label, value: String(element.initial_time ?? '') }) as HTMLInputElement;
      time.addEventListener('change', () => time.value && onSettings?.({ time: time.value }));
      return time;
    }
    case 'conversations_select':
      // The page's channel picker plays this part.
      return el('span', { class: 'slack-tag' }, `# ${String(element.initial_conversation ?? label)}`);
    case 'button':
      if (base === SETTINGS_ACTION.unfollow) {
        const b = el('button', { type: 'button', class: 'slack-button danger' }, textOf(element.text).text);
        b.addEventListener('click', () => onSettings?.({ unfollow: [String(element.value ?? '')] }));
        return b;
      }
      return button(element, onPress);
    default:
      return el('span', { class: 'muted' }, `[${String(element.type)}]`);
  }
}

/** Turn Slack mrkdwn (as our renderer emits it) into DOM: links, bold, italics; entities decoded. */
export function mrkdwn(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const pattern = /<(https?:\/\/[^|>\s]+)\|([^>]*)>|<(https?:\/\/[^>\s]+)>|\*([^*\n]+)\*|_([^_\n]+)_/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    frag.append(decode(text.slice(last, m.index)));
    if (m[1] || m[3]) {
      const url = m[1] ?? m[3]!;
      frag.append(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, decode(m[2] ?? url)));
    } else if (m[4]) {
      frag.append(el('b', {}, mrkdwn(m[4])));
    } else if (m[5]) {
      frag.append(el('i', {}, mrkdwn(m[5])));
    }
    last = m.index! + m[0].length;
  }
  frag.append(decode(text.slice(last)));
  return frag;
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function textOf(obj: unknown): { text: string; type: string } {
  const t = obj as { text?: string; type?: string } | undefined;
  return { text: t?.text ?? '', type: t?.type ?? 'plain_text' };
}

function textNode(obj: unknown): Node {
  const t = textOf(obj);
  return t.type === 'mrkdwn' ? mrkdwn(t.text) : document.createTextNode(t.text);
}

function button(element: Record<string, unknown>, onPress: ButtonHandler): HTMLButtonElement {
  const b = el('button', { type: 'button', class: `slack-button ${String(element.style ?? '')}`.trim() }, textOf(element.text).text);
  b.addEventListener('click', () => onPress(String(element.action_id ?? ''), String(element.value ?? '')));
  return b;
}

function block(b: SlackBlock, onPress: ButtonHandler, scope: HTMLElement, onSettings?: SettingsHandler): Node | null {
  switch (b.type) {
    // Headers, context lines and buttons are the bot's words: they follow the view's (the channel's) direction.
    case 'header':
      return el('div', { class: 'slack-header' }, textOf(b.text).text);
    case 'section': {
      // Sections carry item text (titles, verbatim summaries): each paragraph takes its own direction
      // (unicode-bidi: plaintext in app.css), so an English summary reads left to right in an Arabic channel.
      const section = el('div', { class: 'slack-section' });
      if (b.text) section.append(textNode(b.text));
      for (const field of (b.fields as unknown[]) ?? []) section.append(el('div', {}, textNode(field)));
      const accessory = b.accessory as Record<string, unknown> | undefined;
      if (accessory?.type === 'button') section.append(' ', input(accessory, scope, onSettings, onPress));
      return section;
    }
    case 'context':
      // Each element isolated (a language tag, a source name): "EN · Paris Call" stays whole inside a right-to-left line.
      return el('div', { class: 'slack-context' }, ...((b.elements as unknown[]) ?? []).map((e) => el('span', { dir: 'auto' }, textNode(e))));
    case 'actions':
      return el(
        'div',
        { class: 'slack-actions' },
        ...((b.elements as Record<string, unknown>[]) ?? []).map((e) => input(e, scope, onSettings, onPress)),
      );
    case 'divider':
      return el('hr', { class: 'slack-divider' });
    default:
      return el('div', { class: 'slack-section muted' }, `[${b.type} block]`);
  }
}

/** Draw messages in a Slack-like style; buttons call `onPress` with the Block Kit action_id and value. */
export function drawSlack(target: HTMLElement, messages: SlackMessage[], ephemeral: boolean, onPress: ButtonHandler, onSettings?: SettingsHandler): void {
  target.replaceChildren();
  messages.forEach((message, index) => {
    const body = el(
      'div',
      { class: 'slack-body' },
      el(
        'div',
        { class: 'slack-meta' },
        'cyberpolicy',
        el('span', { class: 'slack-tag' }, 'APP'),
        message.home ? el('span', { class: 'slack-tag' }, 'App Home tab') : ephemeral ? el('span', { class: 'slack-tag' }, 'Only visible to you') : null,
      ),
    );
    const blocks = message.blocks ?? [];
    if (blocks.length === 0) body.append(el('div', { class: 'slack-section' }, mrkdwn(message.text)));
    for (const b of blocks) {
      const node = block(b, onPress, body, onSettings);
      if (node) body.append(node);
    }
    const row = el('div', { class: 'slack-msg' }, el('div', { class: 'slack-avatar', 'aria-hidden': 'true' }, 'cp'), body);
    if (index > 0) target.append(el('div', { class: 'slack-thread' }, `reply ${index} in thread`));
    target.append(row);
  });
}
