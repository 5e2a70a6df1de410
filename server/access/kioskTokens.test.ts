import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKioskTokenVerifier, isKioskToken, readTokenKey, signKioskToken } from './kioskTokens';

describe('kiosk tokens', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spd-tokens-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keyFile = (name: string, content = crypto.randomBytes(48).toString('base64') + '\n') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const claims = { label: 'lobby-wall', namespaces: ['spark-etl'], clusters: ['prod'] };

  it('refuses a short key with a sentence saying how to make one', () => {
    expect(() => readTokenKey(keyFile('short', 'not-long-enough\n'))).toThrow(/is 15 bytes; it must be at least 32 \(make one with: openssl rand -base64 48/);
    expect(() => readTokenKey(path.join(dir, 'absent'))).toThrow(/cannot read the token key file/);
  });

  it('verifies its own tokens into their grant and expiry', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const file = keyFile('k1');
    const verifier = createKioskTokenVerifier(file, { now: () => now });
    const token = await signKioskToken(readTokenKey(file), claims, 3_600_000, now);
    expect(isKioskToken(token)).toBe(true);
    expect(await verifier.verify(token)).toMatchObject({ ok: true, grant: { label: 'lobby-wall', namespaces: ['spark-etl'], clusters: ['prod'] }, expiresAt: now + 3_600_000 });
    now += 3_600_001;
    expect(await verifier.verify(token)).toMatchObject({ ok: false, reason: 'expired', error: expect.stringContaining('the token expired at 2026-01-01T01:00:00.000Z') });
  });

  it('refuses a token signed with another key under the same key id, and anything that is not a token', async () => {
    const file = keyFile('k2');
    const verifier = createKioskTokenVerifier(file);
    const key = readTokenKey(file);
    const forged = await signKioskToken({ secret: crypto.randomBytes(48), kid: key.kid }, claims, 60_000);
    expect(await verifier.verify(forged)).toMatchObject({ ok: false, reason: 'signature' });
    expect(await verifier.verify('not-a-jwt')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(isKioskToken('not-a-jwt')).toBe(false);
  });

  it('reads the key file again when it changes: every token of the old key is refused as rotated', async () => {
    let now = Date.now();
    const file = keyFile('k3');
    const verifier = createKioskTokenVerifier(file, { now: () => now, recheckMs: 1000 });
    const old = await signKioskToken(readTokenKey(file), claims, 3_600_000);
    expect((await verifier.verify(old)).ok).toBe(true);
    const oldKid = readTokenKey(file).kid;
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64'));
    // Within the recheck interval the file is not read again.
    expect((await verifier.verify(old)).ok).toBe(true);
    now += 1001;
    expect(await verifier.verify(old)).toMatchObject({ ok: false, reason: 'rotated', error: expect.stringContaining('signed with a key that is no longer in use') });
    expect(verifier.keyRetired(oldKid)).toContain('no longer in use');
    const fresh = await signKioskToken(readTokenKey(file), claims, 3_600_000);
    expect((await verifier.verify(fresh)).ok).toBe(true);
    // A bad new key (a half-written file) keeps the last good one.
    fs.writeFileSync(file, 'short');
    now += 1001;
    expect((await verifier.verify(fresh)).ok).toBe(true);
  });
});
