import { createHmac } from 'node:crypto';

/** Headers Slack sends with a request: v0 HMAC-SHA256 over `v0:<timestamp>:<body>`. */
export function slackSignatureHeaders(signingSecret: string, body: string, timestampSeconds: number): Record<string, string> {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestampSeconds) };
}

/** A slash command as Slack posts it: form-encoded fields. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Interactivity (block_actions) as Slack posts it: a form with one JSON `payload` field. */
export function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** POST a signed body to the app, as Slack would. */
export async function postSigned(
  url: string,
  body: string,
  options: { signingSecret: string; timestampSeconds: number; contentType?: string; headers?: Record<string, string> },
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...slackSignatureHeaders(options.signingSecret, body, options.timestampSeconds),
      ...options.headers,
    },
    body,
  });
}
