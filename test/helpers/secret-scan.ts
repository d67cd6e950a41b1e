/** Every form a secret could leak in: as is, base64, base64url, URL-encoded, hex. */
export function encodings(secret: string): string[] {
  const b = Buffer.from(secret);
  return [...new Set([secret, b.toString('base64'), b.toString('base64url'), encodeURIComponent(secret), b.toString('hex')])];
}

/**
 * The secrets a test run must never show, by name; `leaks(text)` lists each one found in any of its
 * encodings ("NAME as FORM"). Secrets learned during the run (tokens an identity endpoint issued) are
 * added with `add`.
 */
export class SecretScan {
  private readonly secrets = new Map<string, string>();

  constructor(secrets: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(secrets)) this.add(name, value);
  }

  add(name: string, value: string): void {
    this.secrets.set(name, value);
  }

  names(): string[] {
    return [...this.secrets.keys()];
  }

  leaks(text: string): string[] {
    const found: string[] = [];
    for (const [name, value] of this.secrets) {
      for (const form of encodings(value)) if (text.includes(form)) found.push(`${name} as ${form}`);
    }
    return found;
  }
}
