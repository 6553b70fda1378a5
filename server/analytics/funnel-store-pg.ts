/**
 * The funnel's counters on PostgreSQL, added up in memory and written about once a second like on SQLite
 * (storage/counter-batch.ts): an upsert per hit made every lead's `submit` count queue on one hot row,
 * with a commit each, across instances. The per-day source cap is kept per instance, so N instances may
 * keep up to N × the cap.
 */
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { utcDay as dayOf } from '../days.ts';
import { counterBatch } from '../storage/counter-batch.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { funnelCounts } from '../storage/pg/schema.ts';
import { type FunnelKind, type FunnelRow, type FunnelStore, sourceCap } from './funnel-store.ts';

/** The funnel store over a PostgreSQL pool. */
export function pgFunnelStore(db: PgDb, onError?: (err: unknown) => void): FunnelStore {
  // The cap reads what was written, after what waits in the batch is written (the batch is made below).
  const admit = sourceCap({
    read: async (formId, day) =>
      (
        await db
          .selectDistinct({
            s: funnelCounts.utmSource,
            m: funnelCounts.utmMedium,
            c: funnelCounts.utmCampaign,
            r: funnelCounts.referrer,
          })
          .from(funnelCounts)
          .where(and(eq(funnelCounts.formId, formId), eq(funnelCounts.day, day)))
      ).map((row) => [row.s, row.m, row.c, row.r]),
    flush: () => batch.flush(),
  });
  const inRange = (range: { formId?: string | undefined; since: string; until: string }): SQL | undefined =>
    and(
      range.formId === undefined ? undefined : eq(funnelCounts.formId, range.formId),
      gte(funnelCounts.day, range.since),
      lte(funnelCounts.day, range.until),
    );
  type Key = Omit<typeof funnelCounts.$inferInsert, 'count'>;
  const batch = counterBatch<Key>(
    (counts) =>
      db.transaction(async (tx) => {
        // In one order on every instance, so two flushes touching the same rows cannot deadlock.
        for (const [key, n] of counts.sort(([a], [b]) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))) {
          await tx
            .insert(funnelCounts)
            .values({ ...key, count: n })
            .onConflictDoUpdate({
              target: [
                funnelCounts.formId,
                funnelCounts.day,
                funnelCounts.kind,
                funnelCounts.step,
                funnelCounts.formVersion,
                funnelCounts.utmSource,
                funnelCounts.utmMedium,
                funnelCounts.utmCampaign,
                funnelCounts.referrer,
              ],
              set: { count: sql`${funnelCounts.count} + ${n}` },
            });
        }
      }),
    onError ? { onError } : {},
  );
  const total = sql<number>`sum(${funnelCounts.count})`.mapWith(Number);
  const columns = {
    utm_source: funnelCounts.utmSource,
    utm_medium: funnelCounts.utmMedium,
    utm_campaign: funnelCounts.utmCampaign,
    referrer: funnelCounts.referrer,
  };
  return {
    async count(hit, now = Date.now()) {
      const day = dayOf(now);
      const s = await admit(hit.formId, day, hit.source);
      batch.add({
        formId: hit.formId,
        day,
        kind: hit.kind,
        step: hit.step,
        formVersion: hit.formVersion,
        ...s,
      });
    },
    async totals(range) {
      await batch.flush();
      return (await db
        .select({
          formId: funnelCounts.formId,
          kind: funnelCounts.kind,
          step: funnelCounts.step,
          count: total,
        })
        .from(funnelCounts)
        .where(inRange(range))
        .groupBy(funnelCounts.formId, funnelCounts.kind, funnelCounts.step)) as FunnelRow[];
    },
    async daily(range) {
      await batch.flush();
      return (await db
        .select({ day: funnelCounts.day, kind: funnelCounts.kind, step: funnelCounts.step, count: total })
        .from(funnelCounts)
        .where(inRange(range))
        .groupBy(funnelCounts.day, funnelCounts.kind, funnelCounts.step)
        .orderBy(funnelCounts.day)) as { day: string; kind: FunnelKind; step: number; count: number }[];
    },
    async breakdown(range, by) {
      await batch.flush();
      const column = columns[by];
      return (await db
        .select({ value: column, kind: funnelCounts.kind, step: funnelCounts.step, count: total })
        .from(funnelCounts)
        .where(inRange(range))
        .groupBy(column, funnelCounts.kind, funnelCounts.step)) as {
        value: string;
        kind: FunnelKind;
        step: number;
        count: number;
      }[];
    },
    close: () => batch.close(),
  };
}
