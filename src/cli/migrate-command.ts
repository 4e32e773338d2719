import type { Command } from 'commander';

import type { CliIo } from './io.js';
import { openStoreFrom, withStoreOptions, type StoreOptions } from './store-options.js';

/** `charter migrate`: applies pending store migrations (start-up applies them too). */
export function registerMigrateCommand(program: Command, io: CliIo): void {
  withStoreOptions(program.command('migrate'))
    .description('Apply pending database migrations and print what was applied')
    .action(async (opts: StoreOptions) => {
      const opened = await openStoreFrom(opts, false);
      try {
        const applied = await opened.store.migrate();
        io.out(
          `${opened.description}: migrations up to date${applied.length > 0 ? `, applied ${applied.join(', ')}` : ''}`,
        );
      } finally {
        await opened.store.close();
      }
    });
}
