import type { SlackBlock, SlackMessage } from './api-client.js';
import { el } from './dom.js';

export type ButtonHandler = (actionId: string, value: string) => void;

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

function block(b: SlackBlock, onPress: ButtonHandler): Node | null {
  switch (b.type) {
    case 'header':
      return el('div', { class: 'slack-header', dir: 'auto' }, textOf(b.text).text);
    case 'section': {
      const section = el('div', { class: 'slack-section', dir: 'auto' });
      if (b.text) section.append(textNode(b.text));
      for (const field of (b.fields as unknown[]) ?? []) section.append(el('div', { dir: 'auto' }, textNode(field)));
      const accessory = b.accessory as Record<string, unknown> | undefined;
      if (accessory?.type === 'button') section.append(' ', button(accessory, onPress));
      return section;
    }
    case 'context':
      return el('div', { class: 'slack-context', dir: 'auto' }, ...((b.elements as unknown[]) ?? []).map((e) => el('span', {}, textNode(e))));
    case 'actions':
      return el(
        'div',
        { class: 'slack-actions' },
        ...((b.elements as Record<string, unknown>[]) ?? []).filter((e) => e.type === 'button').map((e) => button(e, onPress)),
      );
    case 'divider':
      return el('hr', { class: 'slack-divider' });
    default:
      return el('div', { class: 'slack-section muted' }, `[${b.type} block]`);
  }
}

/** Draw messages in a Slack-like style; buttons call `onPress` with the Block Kit action_id and value. */
export function drawSlack(target: HTMLElement, messages: SlackMessage[], ephemeral: boolean, onPress: ButtonHandler): void {
  target.replaceChildren();
  messages.forEach((message, index) => {
    const body = el(
      'div',
      { class: 'slack-body' },
      el('div', { class: 'slack-meta' }, 'cyberpolicy', el('span', { class: 'slack-tag' }, 'APP'), ephemeral ? el('span', { class: 'slack-tag' }, 'Only visible to you') : null),
    );
    const blocks = message.blocks ?? [];
    if (blocks.length === 0) body.append(el('div', { class: 'slack-section', dir: 'auto' }, mrkdwn(message.text)));
    for (const b of blocks) {
      const node = block(b, onPress);
      if (node) body.append(node);
    }
    const row = el('div', { class: 'slack-msg' }, el('div', { class: 'slack-avatar', 'aria-hidden': 'true' }, 'cp'), body);
    if (index > 0) target.append(el('div', { class: 'slack-thread' }, `reply ${index} in thread`));
    target.append(row);
  });
}
