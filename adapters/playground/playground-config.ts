import { ADAPTER_ENV, loadEnv } from '../../src/config.js';

export interface PlaygroundConfig {
  /** Explicit PLAYGROUND=1 / PLAYGROUND=0, or undefined to decide by credentials. */
  forced: boolean | undefined;
  token: string | undefined;
  host: string;
}

export function loadPlaygroundConfig(env: NodeJS.ProcessEnv): PlaygroundConfig {
  const config = loadEnv(env, [...ADAPTER_ENV.playground, 'HOST']);
  return { forced: config.PLAYGROUND, token: config.PLAYGROUND_TOKEN, host: config.HOST };
}

/** Hosts that keep the server on this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
