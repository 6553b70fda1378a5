/**
 * The funnel's counters on PostgreSQL, added up in memory and written about once a second like on SQLite
 * (storage/counter-batch.ts): an upsert per hit made every lead's `submit` count queue on one hot row,
 * with a commit each, across instances. The per-day source cap is kept per instance, so N instances may
 * keep up to N × the cap.
 */
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { counterBatch } from '../storage/counter-batch.ts';
import type { PgDb } from '../storage/pg/db.ts';
import { funnelCounts } from '../storage/pg/schema.ts';
import { OTHER_SOURCE, type Source } from './dimensions.ts';
import {
  type FunnelKind,
  type FunnelRow,
  type FunnelStore,
  MAX_SOURCES_PER_FORM_DAY,
} from './funnel-store.ts';

const MAX_TRACKED_FORM_DAYS = 1000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The funnel store over a PostgreSQL pool. */
export function pgFunnelStore(db: PgDb, onError?: (err: unknown) => void): FunnelStore {
  const known = new Map<string, Set<string>>();
  const admit = async (formId: string, day: string, source: Source): Promise<Source> => {
    const at = `${formId}\n${day}`;
    let sources = known.get(at);
    if (!sources) {
      if (known.size >= MAX_TRACKED_FORM_DAYS) known.clear();
      const rows = await db
        .selectDistinct({
          s: funnelCounts.utmSource,
          m: funnelCounts.utmMedium,
          c: funnelCounts.utmCampaign,
          r: funnelCounts.referrer,
        })
        .from(funnelCounts)
        .where(and(eq(funnelCounts.formId, formId), eq(funnelCounts.day, day)));
      sources = new Set(rows.map((row) => JSON.stringify([row.s, row.m, row.c, row.r])));
      known.set(at, sources);
    }
    const tuple = JSON.stringify([source.utmSource, source.utmMedium, source.utmCampaign, source.referrer]);
    if (sources.has(tuple)) return source;
    if (sources.size >= MAX_SOURCES_PER_FORM_DAY) return OTHER_SOURCE;
    sources.add(tuple);
    return source;
  };
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
