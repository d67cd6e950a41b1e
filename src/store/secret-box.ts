import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Seals stored secrets with AES-256-GCM when a key is configured; passes them through otherwise. */
export class SecretBox {
  private readonly key: Buffer | null;

  constructor(secret: string | undefined) {
    // Derive a fixed-length key so any sufficiently long ENCRYPTION_KEY string works.
    this.key = secret ? createHash('sha256').update(secret).digest() : null;
  }

  get enabled(): boolean {
    return this.key !== null;
  }

  seal(plain: string): string {
    if (!this.key) return plain;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith('enc:v1:')) return stored;
    if (!this.key) throw new Error('stored data is encrypted but ENCRYPTION_KEY is not set');
    const raw = Buffer.from(stored.slice(7), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // GCM's own message ("unable to authenticate data") does not say what to do.
      throw new Error('stored data cannot be decrypted with this ENCRYPTION_KEY (it was sealed with another key, or altered)');
    }
  }
}
