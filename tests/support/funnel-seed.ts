/**
 * Thirty days of funnel counts and refusals for the demo form, written straight into a test server's
 * SQLite file (test-only: the beacons count only today, and a chart of one day shows little). The numbers
 * come from a fixed formula, so every run draws the same pictures.
 */
import Database from 'better-sqlite3';
import type { TestServer } from './test-server.ts';

const DAY_IN_MS = 86_400_000;

/** Sources in the proportions of a small site: [source, medium, campaign, referrer, share of views]. */
const SOURCES: [string, string, string, string, number][] = [
  ['', '', '', '', 0.3],
  ['google', 'cpc', 'energy-guide', '', 0.22],
  ['newsletter', 'email', 'winter-2026', 'mail.example.com', 0.16],
  ['', '', '', 'google.com', 0.12],
  ['linkedin', 'social', 'landlords-q4', 'linkedin.com', 0.08],
  ['', '', '', 'news.ycombinator.com', 0.05],
  ['partner-blog', 'referral', '', 'energy-savers.example.org', 0.03],
  ['facebook', 'social', 'winter-2026', 'facebook.com', 0.02],
  ['', '', '', 'duckduckgo.com', 0.01],
  ['', '', '', 'bing.com', 0.006],
  ['', '', '', 'reddit.com', 0.004],
];

/** Writes `days` days before today, and today so far (a part of a day). */
export function seedFunnel(server: TestServer, { formId = 'demo-ebook', days = 30, now = Date.now() } = {}) {
  const db = new Database(server.dbFile);
  db.pragma('busy_timeout = 5000');
  const count = db.prepare(
    `INSERT INTO funnel_counts (form_id, day, kind, step, form_version, utm_source, utm_medium, utm_campaign, referrer, count)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  );
  const refuse = db.prepare(
    `INSERT INTO blocked_submissions (form_id, day, reason, count) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  );
  db.transaction(() => {
    for (let i = days; i >= 0; i--) {
      const part = i === 0 ? 0.4 : 1;
      const day = new Date(now - i * DAY_IN_MS).toISOString().slice(0, 10);
      const weekday = new Date(now - i * DAY_IN_MS).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const views = Math.round((weekend ? 60 : 120) + 40 * Math.sin(i / 3) + (days - i) * 2);
      for (const [source, medium, campaign, referrer, share] of SOURCES) {
        const v = Math.round(views * share * part);
        const stages: [string, number, number][] = [
          ['view', 0, v],
          ['start', 0, Math.round(v * 0.38)],
          ['step', 2, Math.round(v * 0.27)],
          ['step', 3, Math.round(v * 0.19)],
          ['submit', 0, Math.round(v * (medium === 'email' ? 0.16 : 0.11))],
        ];
        for (const [kind, step, n] of stages) {
          if (n > 0) count.run(formId, day, kind, step, source, medium, campaign, referrer, n);
        }
      }
      if (i % 3 === 0) refuse.run(formId, day, 'validation', 1 + (i % 4));
      if (i % 5 === 0) refuse.run(formId, day, 'too_fast', 2);
      if (i % 7 === 0) refuse.run(formId, day, 'origin_not_allowed', 3);
      if (i === 9) refuse.run(formId, day, 'rate_limited', 6);
    }
  })();
  db.close();
}
