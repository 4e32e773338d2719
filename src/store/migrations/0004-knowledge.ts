import type { Kysely, Migration } from 'kysely';

import { serialKey } from './dialect.js';

/*
 * The MAPE-K loop's Knowledge (SPEC §10): the latest allowed observation per
 * source and metric, denied attempts counted per source (a hash of the name,
 * never a value), and the actions the loop took with their outcome and
 * whether they proved effective. Written against `Kysely<unknown>`.
 */
export const knowledge: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('mapek_observations')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('mapek_observations_pk', ['source', 'metric'])
      .execute();

    const [keyType, key] = serialKey(db);
    await db.schema
      .createTable('mapek_probes')
      .addColumn('id', keyType, key)
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('name_hash', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mapek_probes_at').on('mapek_probes').columns(['at_ms']).execute();

    await db.schema
      .createTable('mapek_actions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('effective', 'integer')
      .execute();
    await db.schema
      .createIndex('mapek_actions_source')
      .on('mapek_actions')
      .columns(['source', 'at_ms'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('mapek_actions').execute();
    await db.schema.dropTable('mapek_probes').execute();
    await db.schema.dropTable('mapek_observations').execute();
  },
};
