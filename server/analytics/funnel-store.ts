/**
 * The funnel's counters: views, starts, steps reached and submissions per form version, UTC day and
 * source. Counted in memory and written about once a second (storage/counter-batch.ts): a crash may lose
 * the last second's counts, which an overview can bear and a lead could not. Knows nothing of HTTP.
 */
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { utcDay as dayOf } from '../days.ts';
import { counterBatch } from '../storage/counter-batch.ts';
import { type Db, type Tx, writeTx } from '../storage/db.ts';
import { funnelCounts } from '../storage/schema.ts';
import { OTHER_SOURCE, type Source } from './dimensions.ts';

/** What is counted: the widget's beacons (view, start, step) and the server's stored leads (submit). */
export type FunnelKind = 'view' | 'start' | 'step' | 'submit';

/** One event to count. `step` is the step reached (2, 3, …) for `step`, else 0. */
export type FunnelHit = {
  formId: string;
  formVersion: number;
  kind: FunnelKind;
  step: number;
  source: Source;
};

/** Days from `since` to `until`, both included (`2026-11-26`), of one form or of all. */
export type DayRange = { formId?: string | undefined; since: string; until: string };

export type FunnelRow = { formId: string; kind: FunnelKind; step: number; count: number };

/** A breakdown's dimension, named as its query parameter. */
export type Dimension = 'utm_source' | 'utm_medium' | 'utm_campaign' | 'referrer';

/**
 * Distinct sources (UTM source, medium, campaign and referrer together) counted per form and day; the
 * rest of the day is counted as `(other)`, so a bot inventing campaigns cannot grow the table.
 */
export const MAX_SOURCES_PER_FORM_DAY = 500;
// Form-days whose sources are known in memory: today's and yesterday's, for a few hundred forms.
const MAX_TRACKED_FORM_DAYS = 1000;

export interface FunnelStore {
  /** Counts one event at `now`; written within about a second. */
  count(hit: FunnelHit, now?: number): Promise<void>;
  /** Totals per form, kind and step over a range. */
  totals(range: DayRange): Promise<FunnelRow[]>;
  /** Totals per day, kind and step over a range (days with nothing counted are absent). */
  daily(range: DayRange): Promise<(Omit<FunnelRow, 'formId'> & { day: string })[]>;
  /** Totals per value of `by`, kind and step over a range; '' is "none", `(other)` past the cap. */
  breakdown(range: DayRange, by: Dimension): Promise<(Omit<FunnelRow, 'formId'> & { value: string })[]>;
  /** Writes what is counted in memory now, then counts nothing more: before the database closes. */
  close(): Promise<void>;
}

/**
 * The day's source cap, the same on every database. Per form and day it knows the sources counted so far
 * (written or waiting), read with `read` on first use, and answers `source`, or `(other)` for a new one
 * past the cap. Before it forgets the form-days it knows, `flush` writes what waits, so what is read back
 * holds every source counted.
 */
export function sourceCap(deps: {
  read(formId: string, day: string): Promise<string[][]>;
  flush(): Promise<void>;
}): (formId: string, day: string, source: Source) => Promise<Source> {
  // Promises, stored before they settle: two hits of a new form-day read its sources once.
  const known = new Map<string, Promise<Set<string>>>();
  return async (formId, day, source) => {
    const at = `${formId}\n${day}`;
    let pending = known.get(at);
    if (!pending) {
      const flushed = known.size >= MAX_TRACKED_FORM_DAYS ? deps.flush() : undefined;
      if (flushed) known.clear();
      pending = (async () => {
        await flushed;
        return new Set((await deps.read(formId, day)).map((tuple) => JSON.stringify(tuple)));
      })();
      known.set(at, pending);
    }
    const sources = await pending;
    const tuple = JSON.stringify([source.utmSource, source.utmMedium, source.utmCampaign, source.referrer]);
    if (sources.has(tuple)) return source;
    if (sources.size >= MAX_SOURCES_PER_FORM_DAY) return OTHER_SOURCE;
    sources.add(tuple);
    return source;
  };
}

type Key = [
  formId: string,
  day: string,
  kind: FunnelKind,
  step: number,
  version: number,
  ...source: string[],
];

function add(
  tx: Tx,
  [formId, day, kind, step, formVersion, utmSource, utmMedium, utmCampaign, referrer]: Key,
  n: number,
) {
  tx.insert(funnelCounts)
    .values({
      formId,
      day,
      kind,
      step,
      formVersion,
      utmSource: utmSource ?? '',
      utmMedium: utmMedium ?? '',
      utmCampaign: utmCampaign ?? '',
      referrer: referrer ?? '',
      count: n,
    })
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
    })
    .run();
}

const inRange = (range: DayRange): SQL | undefined =>
  and(
    range.formId === undefined ? undefined : eq(funnelCounts.formId, range.formId),
    gte(funnelCounts.day, range.since),
    lte(funnelCounts.day, range.until),
  );

const COLUMNS = {
  utm_source: funnelCounts.utmSource,
  utm_medium: funnelCounts.utmMedium,
  utm_campaign: funnelCounts.utmCampaign,
  referrer: funnelCounts.referrer,
} satisfies Record<Dimension, unknown>;

/** The funnel store over one SQLite connection. */
export function sqliteFunnelStore(db: Db, onError?: (err: unknown) => void): FunnelStore {
  const batch = counterBatch<Key>(
    (counts) =>
      writeTx(db, (tx) => {
        for (const [key, n] of counts) add(tx, key, n);
      }),
    onError ? { onError } : {},
  );
  const admit = sourceCap({
    read: async (formId, day) =>
      db
        .selectDistinct({
          s: funnelCounts.utmSource,
          m: funnelCounts.utmMedium,
          c: funnelCounts.utmCampaign,
          r: funnelCounts.referrer,
        })
        .from(funnelCounts)
        .where(and(eq(funnelCounts.formId, formId), eq(funnelCounts.day, day)))
        .all()
        .map((row) => [row.s, row.m, row.c, row.r]),
    flush: () => batch.flush(),
  });

  const total = sql<number>`sum(${funnelCounts.count})`.mapWith(Number);
  return {
    async count(hit, now = Date.now()) {
      const day = dayOf(now);
      const s = await admit(hit.formId, day, hit.source);
      batch.add([
        hit.formId,
        day,
        hit.kind,
        hit.step,
        hit.formVersion,
        s.utmSource,
        s.utmMedium,
        s.utmCampaign,
        s.referrer,
      ]);
    },
    async totals(range) {
      await batch.flush();
      return db
        .select({
          formId: funnelCounts.formId,
          kind: funnelCounts.kind,
          step: funnelCounts.step,
          count: total,
        })
        .from(funnelCounts)
        .where(inRange(range))
        .groupBy(funnelCounts.formId, funnelCounts.kind, funnelCounts.step)
        .all() as FunnelRow[];
    },
    async daily(range) {
      await batch.flush();
      return db
        .select({ day: funnelCounts.day, kind: funnelCounts.kind, step: funnelCounts.step, count: total })
        .from(funnelCounts)
        .where(inRange(range))
        .groupBy(funnelCounts.day, funnelCounts.kind, funnelCounts.step)
        .orderBy(funnelCounts.day)
        .all() as (Omit<FunnelRow, 'formId'> & { day: string })[];
    },
    async breakdown(range, by) {
      await batch.flush();
      const column = COLUMNS[by];
      return db
        .select({ value: column, kind: funnelCounts.kind, step: funnelCounts.step, count: total })
        .from(funnelCounts)
        .where(inRange(range))
        .groupBy(column, funnelCounts.kind, funnelCounts.step)
        .all() as (Omit<FunnelRow, 'formId'> & { value: string })[];
    },
    async close() {
      await batch.close();
    },
  };
}
