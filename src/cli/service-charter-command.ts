import type { Command } from 'commander';

import type { CharterDocument } from '../charter/index.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import { formatCharter } from './format/charter-format.js';
import { iso } from './format/text.js';
import { emit, type CliIo } from './io.js';

interface CurrentCharter {
  file: string;
  generation: number;
  loaded_at_ms: number;
  charter: CharterDocument;
}

interface Ready {
  status: 'ready';
  charter: string;
  version: string;
  generation: number;
}

interface Reloaded {
  reloaded: boolean;
  generation: number;
  id: string;
  version: string;
}

/**
 * `charter charter current|reload`: the charter a running service has in
 * force, next to the file commands validate, show and diff; and `charter
 * status`, the service's readiness (GET /readyz, no token needed).
 */
export function registerServiceCharterCommands(program: Command, io: CliIo): void {
  withClientOptions(program.command('status'))
    .description('Ask whether the service is ready: store reachable, charter loaded')
    .action(async (opts: ClientOptions) => {
      const ready = await clientFrom(opts).get<Ready>('/readyz');
      emit(
        io,
        opts.output,
        ready,
        (r) => `ready: charter ${r.charter} ${r.version}, generation ${r.generation}`,
      );
    });

  const group = groupOf(program, 'charter', 'Validate, show and compare charter files');

  withClientOptions(group.command('current'))
    .description('Show the charter the service has in force (GET /v1/charter)')
    .action(async (opts: ClientOptions) => {
      const current = await clientFrom(opts).get<CurrentCharter>('/v1/charter');
      emit(io, opts.output, current, (c) =>
        [
          `in force: generation ${c.generation}, loaded ${iso(c.loaded_at_ms)} from ${c.file}`,
          '',
          formatCharter(c.charter),
        ].join('\n'),
      );
    });

  withClientOptions(group.command('reload'))
    .description('Reload the charter file (admin); a bad file is refused, the old one stays')
    .action(async (opts: ClientOptions) => {
      const answer = await clientFrom(opts).post<Reloaded>('/v1/charter/reload');
      emit(
        io,
        opts.output,
        answer,
        (r) => `charter reloaded: ${r.id} ${r.version}, generation ${r.generation}`,
      );
    });
}
