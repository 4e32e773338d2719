import { readFile } from 'node:fs/promises';

import { parseCharter, type CharterDocument } from '../charter/index.js';
import { CharterLoadError } from '../shared/errors.js';

/**
 * Reads and validates a charter file. Throws CharterLoadError for a file that
 * cannot be read as well as for one that is not a valid charter.
 */
export async function readCharterFile(path: string): Promise<CharterDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CharterLoadError(
      path,
      '',
      undefined,
      `cannot be read (${reason})`,
      'Pass the path of a readable YAML charter file, e.g. charters/development.yaml',
    );
  }
  return parseCharter(text, path);
}
