import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

import { compileCharter, type CharterDocument, type DecisionEngine } from '../charter/index.js';
import type { Clock } from '../shared/clock.js';
import { readCharterFile } from './charter-file.js';

/** The charter file behind a running service, with its reloads. */
export interface CharterSource {
  readonly file: string;
  current(): { document: CharterDocument; file: string; loadedAtMs: number; generation: number };
  /** Reads, validates and compiles the file, then swaps it in; a bad file throws and changes nothing. */
  reload(): Promise<void>;
  /** Reloads when the file changes (debounced); failures go to `onError`. */
  watch(onError: (error: unknown) => void): void;
  close(): void;
}

/** What a load reports, for metrics and logs. */
export type LoadObserver = (
  outcome: 'success' | 'failure',
  durationMs: number,
  error?: unknown,
) => void;

/** Wraps a charter file for the engine; the first load happened before the engine existed. */
export function createCharterSource(
  file: string,
  first: CharterDocument,
  engine: DecisionEngine,
  clock: Clock,
  observe: LoadObserver,
): CharterSource {
  let document = first;
  let loadedAtMs = clock.nowMs();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const reloadNow = async (): Promise<void> => {
    const started = performance.now();
    try {
      const next = await readCharterFile(file);
      engine.reload(() => compileCharter(next));
      document = next;
      loadedAtMs = clock.nowMs();
      observe('success', performance.now() - started);
    } catch (error) {
      observe('failure', performance.now() - started, error);
      throw error;
    }
  };

  return {
    file,
    current: () => ({ document, file, loadedAtMs, generation: engine.generation }),
    reload() {
      // One reload at a time, in order: a later file version never loses to an earlier one.
      const run = chain.then(reloadNow);
      chain = run.catch(() => undefined);
      return run;
    },
    watch(onError) {
      // Watch the directory, not the file: editors and config tools replace the
      // file (a new inode), which would silently end a watch on the file itself.
      const name = basename(file);
      watcher = watch(dirname(file), (_event, changed) => {
        if (changed !== null && changed !== name) return;
        clearTimeout(timer);
        // Editors write in several steps; wait for the file to settle.
        timer = setTimeout(() => {
          this.reload().catch(onError);
        }, 200);
      });
      watcher.on('error', onError);
    },
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
