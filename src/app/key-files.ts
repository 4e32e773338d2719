import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { generateAuditKeyPair, loadAuditSigner, publicKeyPemOf } from '../audit/signer.js';
import type { AuditSigner } from '../audit/seal.js';
import { CharterError } from '../shared/errors.js';

/** Reads a secret file, or creates it with `make()` (mode 0600) on first start. */
async function readOrCreate(file: string, make: () => string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CharterError(
        'key_file_unreadable',
        `Cannot read key file "${file}": ${(error as Error).message}`,
        'Check the path and its permissions; the service needs to read it.',
      );
    }
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const content = make();
  // `wx`: never overwrite a key another process created meanwhile.
  try {
    await writeFile(file, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFile(file, 'utf8');
    throw error;
  }
  await chmod(file, 0o600);
  return content;
}

/** The audit signing key, generated on first start; the public key can be exported. */
export interface AuditKeys {
  signer: AuditSigner;
  publicKeyPem: string;
}

/** Loads the Ed25519 audit key from `file`, generating it if it does not exist. */
export async function loadOrCreateAuditKeys(file: string): Promise<AuditKeys> {
  const privateKeyPem = await readOrCreate(file, () => generateAuditKeyPair().privateKeyPem);
  return { signer: loadAuditSigner(privateKeyPem), publicKeyPem: publicKeyPemOf(privateKeyPem) };
}

/** The key behind data subjects' pseudonyms (HMAC), generated on first start. */
export async function loadOrCreatePseudonymKey(file: string): Promise<Buffer> {
  const hex = await readOrCreate(file, () => `${randomBytes(32).toString('hex')}\n`);
  const key = Buffer.from(hex.trim(), 'hex');
  if (key.length < 32) {
    throw new CharterError(
      'key_file_invalid',
      `Pseudonym key "${file}" holds ${key.length} bytes, expected at least 32 as hex`,
      'Restore the original file; a new key would change every pseudonym.',
    );
  }
  return key;
}
