import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** The test bot's Microsoft App ID (the audience of channel tokens). */
export const TEST_APP_ID = '11111111-2222-4333-8444-555555555555';
export const CHANNEL_KEY_ID = 'channel-key-1';

/** A key pair standing in for the Bot Framework channel's token-signing key. */
export function channelSigningKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** The key set a fake OpenID endpoint publishes (FakeBotConnector.publishKeys): endorsed for Teams. */
export function channelKeySet(publicKey: KeyObject, kid = CHANNEL_KEY_ID): object {
  return { keys: [{ ...publicKey.export({ format: 'jwk' }), kty: 'RSA', use: 'sig', kid, endorsements: ['msteams'] }] };
}

/**
 * A channel token shaped like the Bot Framework's: RS256, issuer api.botframework.com, audience the app
 * id, valid for an hour by the system clock (the SDK checks exp/nbf against it). `claims` add or override
 * (serviceurl, aud, iss, exp).
 */
export function channelToken(key: KeyObject, claims: Record<string, unknown>, kid = CHANNEL_KEY_ID): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: string) => Buffer.from(value).toString('base64url');
  const header = encode(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = encode(JSON.stringify({ iss: 'https://api.botframework.com', aud: TEST_APP_ID, nbf: now - 60, exp: now + 3600, ...claims }));
  return `${header}.${payload}.${sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key).toString('base64url')}`;
}
