import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { CharterError } from '../shared/errors.js';
import type { AuditSigner } from './seal.js';

/**
 * Wraps an Ed25519 private key as an `AuditSigner`.
 *
 * @throws CharterError `audit_key_invalid` if the key is not an Ed25519 private key.
 */
export function createAuditSigner(privateKey: KeyObject): AuditSigner {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw invalidKey('signing', `found ${describe(privateKey)}`);
  }
  const keyId = keyIdOf(createPublicKey(privateKey));

  // The parsed KeyObject is reused for every entry: parsing the PEM per
  // signature would make sealing ten times slower.
  return Object.freeze({
    keyId,
    sign: (hashHex: string) => sign(null, Buffer.from(hashHex, 'utf8'), privateKey).toString('hex'),
  });
}

/** Generates a fresh Ed25519 key pair as PKCS#8 (private) and SPKI (public) PEM. */
export function generateAuditKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Parses a PKCS#8 PEM Ed25519 private key into an `AuditSigner`.
 *
 * @throws CharterError `audit_key_invalid` for text that is not a PEM private
 *   key or a key of another algorithm.
 */
export function loadAuditSigner(privateKeyPem: string): AuditSigner {
  return createAuditSigner(parsePrivateKey(privateKeyPem));
}

/**
 * The SPKI PEM public key matching a PKCS#8 PEM Ed25519 private key.
 *
 * @throws CharterError `audit_key_invalid` as `loadAuditSigner` does.
 */
export function publicKeyPemOf(privateKeyPem: string): string {
  const key = parsePrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw invalidKey('signing', `found ${describe(key)}`);
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Parses the SPKI PEM Ed25519 public key that entries are verified against.
 *
 * @throws CharterError `audit_key_invalid` for text that is not a PEM public
 *   key, a key of another algorithm, or a private key (which must not sit in
 *   a verifier's configuration).
 */
export function loadAuditPublicKey(publicKeyPem: string): KeyObject {
  if (publicKeyPem.includes('PRIVATE KEY')) throw invalidKey('verification', 'found a private key');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicKeyPem, format: 'pem' });
  } catch (cause) {
    throw invalidKey('verification', 'the text is not a PEM public key', cause);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw invalidKey('verification', `found ${describe(key)}`);

  return key;
}

/**
 * `AuditSigner.keyId` of an Ed25519 public key: the first 16 hex chars of
 * SHA-256 over its raw 32 bytes.
 *
 * @throws CharterError `audit_key_invalid` for a key of another algorithm.
 */
export function keyIdOf(publicKey: KeyObject): string {
  const raw =
    publicKey.asymmetricKeyType === 'ed25519' ? publicKey.export({ format: 'jwk' }).x : undefined;
  if (raw === undefined) throw invalidKey('verification', `found ${describe(publicKey)}`);
  return createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex').slice(0, 16);
}

function parsePrivateKey(privateKeyPem: string): KeyObject {
  try {
    return createPrivateKey({ key: privateKeyPem, format: 'pem' });
  } catch (cause) {
    throw invalidKey('signing', 'the text is not a PEM private key', cause);
  }
}

function describe(key: KeyObject): string {
  return key.type === 'secret'
    ? 'a secret key'
    : `an ${key.asymmetricKeyType ?? 'unknown'} ${key.type} key`;
}

const EXPECTED = {
  signing: 'an Ed25519 private key (PKCS#8 PEM)',
  verification: 'an Ed25519 public key (SPKI PEM)',
};
const HINT = {
  signing: 'Generate one with generateAuditKeyPair() or `openssl genpkey -algorithm ed25519`',
  verification: 'Derive it from the signing key with publicKeyPemOf() or `openssl pkey -pubout`',
};

function invalidKey(
  role: 'signing' | 'verification',
  found: string,
  cause?: unknown,
): CharterError {
  return new CharterError(
    'audit_key_invalid',
    `Cannot use audit ${role} key: ${found}, expected ${EXPECTED[role]}`,
    HINT[role],
    cause === undefined ? undefined : { cause },
  );
}
