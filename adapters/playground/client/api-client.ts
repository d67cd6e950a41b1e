/** Thin fetch wrappers for the playground's same-origin JSON API. */
export interface Rendered {
  /** `lang`: the language the reply is written in (the channel's), which sets the views' lang and direction. */
  doc: { visibility: string; fallbackText: string; isError?: boolean; lang?: string };
  slack: SlackMessage[];
  teams: Record<string, unknown>[];
}

export interface SlackMessage {
  text: string;
  blocks?: SlackBlock[];
  thread?: boolean;
  /** An App Home tab (the `settings` answer), not a message. */
  home?: boolean;
}

export type SlackBlock = { type: string; [key: string]: unknown };

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path);
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

export const api = {
  command: (channel: string, text: string) => post<Rendered>('/api/playground/command', { channel, text }),
  action: (channel: string, actionId: string, value: string) => post<Rendered>('/api/playground/action', { channel, actionId, value }),
  /** Saves the settings form: the App Home pane sends its change, the Teams pane the settings card's submitted data. */
  settings: (channel: string, body: { change?: object; teams?: Record<string, unknown> }) =>
    post<Rendered & { commands: string[] }>('/api/playground/settings', { channel, ...body }),
  channels: () => get<PlaygroundSetup>('/api/playground/channels'),
  channel: (channel: string) => get<{ channel: string; lang: string; dir: 'ltr' | 'rtl' }>(`/api/playground/channel?channel=${encodeURIComponent(channel)}`),
  posted: (channel: string) => get<{ posts: (Rendered & { id: string; at: string })[] }>(`/api/playground/posted?channel=${encodeURIComponent(channel)}`),
  items: (q: URLSearchParams) => get<NewsroomItems>(`/api/playground/items?${q}`),
  sources: () => get<SourceHealth>('/api/playground/sources'),
};

export interface UiLanguage {
  code: string;
  /** The language's name in itself ("français", "العربية"). */
  name: string;
  dir: 'ltr' | 'rtl';
}

export interface PlaygroundSetup {
  channels: string[];
  languages: UiLanguage[];
  /** TRANSLATE_PROVIDER of the server; the demonstration one tags text instead of translating it. Null: off. */
  translation: { provider: string; demo: boolean } | null;
}

export interface NewsroomItem {
  id: string;
  source: string;
  sourceName: string;
  title: string;
  url: string | null;
  published: string | null;
  dateSource: 'feed' | 'text' | null;
  lang: string;
  topics: { slug: string; score: number }[];
  entities: { id: string; name: string; type: string; surface: string }[];
  summary: string[];
  story: string;
}

export interface NewsroomItems {
  total: number;
  languages: { lang: string; n: number }[];
  items: NewsroomItem[];
}

export interface SourceHealth {
  polled: { url: string; title: string | null; lastFetchAt: string | null; lastStatus: string | null; lastError: string | null; errorCount: number; nextPollAt: string | null; itemCount: number; failingSince: string | null }[];
  imported: { source: string; name: string; items: number }[];
}
