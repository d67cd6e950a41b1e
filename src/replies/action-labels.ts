import { t, type UiKey } from '../i18n/t.js';
import { ACTION, type ActionId } from './action-ids.js';

/** The string key of each button's label: what the core writes and what renderers fall back to. */
export const ACTION_LABEL_KEYS: Readonly<Record<ActionId, UiKey>> = {
  [ACTION.subscribeTopic]: 'action.subscribeTopic',
  [ACTION.muteStory]: 'action.muteStory',
  [ACTION.moreLikeThis]: 'action.moreLikeThis',
  [ACTION.unsubscribeAll]: 'action.unsubscribeAll',
  [ACTION.showMore]: 'results.showMore',
  [ACTION.followEntity]: 'action.follow',
  [ACTION.showOriginal]: 'action.showOriginal',
  [ACTION.whyStory]: 'action.why',
};

/** A button's label in `lang`, for renderers given an action without one. */
export function actionLabel(lang: string, id: ActionId): string {
  return t(lang, ACTION_LABEL_KEYS[id]);
}
