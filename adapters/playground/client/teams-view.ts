// Microsoft's own Adaptive Cards renderer draws the exact card the Teams adapter sends.
import * as AdaptiveCards from 'adaptivecards';
import { SETTINGS_ACTION } from '../../../src/replies/action-ids.js';
import { el } from './dom.js';
import type { ButtonHandler } from './slack-view.js';

// Teams renders a Markdown subset in TextBlocks; the web renderer needs a processor for it. This one knows
// only what our cards use (links we build, bold, paragraphs) and escapes everything else as text.
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = escaped
    .replace(/\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .split(/\n{2,}/)
    .map((para) => `<p>${para.replace(/\n/g, '<br>')}</p>`)
    .join('');
  result.outputHtml = html;
  result.didProcess = true;
};

interface SubmitData {
  action?: string;
  value?: string;
}

/**
 * Draw each card with the adaptivecards renderer; Action.Submit/Execute call `onPress`, or `onSubmit`
 * with the inputs' values merged into the data (as Teams sends them) for the settings card's Save.
 */
export function drawTeams(target: HTMLElement, cards: Record<string, unknown>[], onPress: ButtonHandler, onSubmit?: (data: Record<string, unknown>) => void): void {
  target.replaceChildren();
  for (const json of cards) {
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig({
      fontFamily: 'Segoe UI, system-ui, sans-serif',
      supportsInteractivity: true,
      // Card headings sit under the page's "As Teams shows it" (h2); without a level they are invalid ARIA headings.
      textBlock: { headingLevel: 3 },
      actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left' },
    });
    card.onExecuteAction = (action: AdaptiveCards.Action) => {
      const data = ((action as AdaptiveCards.SubmitAction).data ?? {}) as SubmitData;
      if (data.action === SETTINGS_ACTION.save) onSubmit?.(data as Record<string, unknown>);
      else if (data.action) onPress(data.action, String(data.value ?? ''));
    };
    const frame = el('div', { class: 'teams-card' });
    try {
      card.parse(json);
      const rendered = card.render();
      if (rendered) frame.append(rendered);
    } catch (err) {
      frame.append(el('p', { class: 'status error' }, `Card failed to render: ${String(err)}`));
    }
    target.append(frame);
  }
}
