import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { CharterError } from '../shared/errors.js';
import {
  createAuditSigner,
  generateAuditKeyPair,
  loadAuditPublicKey,
  loadAuditSigner,
  publicKeyPemOf,
} from './signer.js';

const { privateKeyPem, publicKeyPem } = generateAuditKeyPair();
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsaPrivatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CharterError);
    expect((error as CharterError).hint).toMatch(/\w/);
    return (error as CharterError).code;
  }
  return undefined;
}

describe('generateAuditKeyPair()', () => {
  it('returns a PKCS#8 private key and the matching SPKI public key', () => {
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(publicKeyPemOf(privateKeyPem)).toBe(publicKeyPem);
  });
});

describe('loadAuditSigner()', () => {
  const signer = loadAuditSigner(privateKeyPem);

  it('signs the UTF-8 bytes of the hash hex with Ed25519, as hex', () => {
    const hashHex = 'ab'.repeat(32);
    const signature = signer.sign(hashHex);
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    const key = createPublicKey(publicKeyPem);
    expect(verify(null, Buffer.from(hashHex, 'utf8'), key, Buffer.from(signature, 'hex'))).toBe(
      true,
    );
  });

  it('names the key by the first 16 hex chars of SHA-256 over the raw public key', () => {
    // The raw key is the last 32 bytes of the 44-byte Ed25519 SPKI DER.
    const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
    const raw = der.subarray(der.length - 32);
    expect(signer.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
  });

  it.each([
    ['text that is not a key', 'not a key'],
    ['an RSA key', rsaPrivatePem],
    ['a public key', publicKeyPem],
  ])('refuses %s with audit_key_invalid and a hint', (_title, pem) => {
    expect(codeOf(() => loadAuditSigner(pem))).toBe('audit_key_invalid');
  });
});

describe('createAuditSigner()', () => {
  it('refuses a KeyObject that is not an Ed25519 private key', () => {
    expect(codeOf(() => createAuditSigner(rsa.privateKey))).toBe('audit_key_invalid');
    expect(codeOf(() => createAuditSigner(createPublicKey(publicKeyPem)))).toBe(
      'audit_key_invalid',
    );
  });
});

describe('publicKeyPemOf()', () => {
  it('refuses a non-Ed25519 or malformed private key', () => {
    expect(codeOf(() => publicKeyPemOf(rsaPrivatePem))).toBe('audit_key_invalid');
    expect(codeOf(() => publicKeyPemOf('-----BEGIN PRIVATE KEY-----\nAAAA\n'))).toBe(
      'audit_key_invalid',
    );
  });
});

describe('loadAuditPublicKey()', () => {
  it('loads an Ed25519 SPKI public key', () => {
    expect(loadAuditPublicKey(publicKeyPem).asymmetricKeyType).toBe('ed25519');
  });

  it.each([
    ['a private key, which must not sit in a verifier', privateKeyPem],
    ['an RSA key', rsaPublicPem],
    ['text that is not a key', ''],
  ])('refuses %s with audit_key_invalid', (_title, pem) => {
    expect(codeOf(() => loadAuditPublicKey(pem))).toBe('audit_key_invalid');
  });
});
