/** Configuration: read from the environment once at start, validated, then passed down as one object. */
import * as v from 'valibot';
import { type Cidr, parseCidr } from './webhooks/cidr.ts';

const DEFAULT_RATE_LIMIT_PER_MINUTE = 20;

const Port = v.pipe(
  v.optional(v.string(), '8787'),
  v.transform(Number),
  v.integer('LEADGATE_PORT must be a whole number.'),
  v.minValue(0, 'LEADGATE_PORT must be 0–65535.'),
  v.maxValue(65535, 'LEADGATE_PORT must be 0–65535.'),
);

const Env = v.object({
  LEADGATE_PORT: Port,
  LEADGATE_HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  LEADGATE_DB: v.optional(v.pipe(v.string(), v.minLength(1)), './data/leadgate.db'),
  LEADGATE_ADMIN_KEY: v.optional(
    v.pipe(v.string(), v.minLength(16, 'LEADGATE_ADMIN_KEY must be 16+ characters.')),
  ),
  LEADGATE_PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('LEADGATE_PUBLIC_URL must be a URL.'))),
  LEADGATE_WEBHOOK_ALLOW: v.optional(v.string(), ''),
  LEADGATE_RATE_LIMIT: v.pipe(
    v.optional(v.string(), String(DEFAULT_RATE_LIMIT_PER_MINUTE)),
    v.transform(Number),
    v.integer('LEADGATE_RATE_LIMIT must be a whole number.'),
    v.minValue(0, 'LEADGATE_RATE_LIMIT must be 0 or more.'),
  ),
});

export type Config = {
  port: number;
  host: string;
  dbFile: string;
  adminKey: string | undefined;
  /** Unset: derived from the address actually bound (the port may be 0 until then). */
  publicUrl: string | undefined;
  webhookAllow: Cidr[];
  /** Submissions per minute per client address and form; 0 = unlimited. */
  rateLimitPerMinute: number;
  webhook: WebhookConfig;
};

export type WebhookConfig = {
  /** Delay before each retry after the first attempt (Svix's schedule by default). */
  retryScheduleInMs: number[];
  /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  attemptTimeoutInMs: number;
  pollIntervalInMs: number;
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — Svix's published schedule. */
export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  retryScheduleInMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  jitter: 0.1,
  attemptTimeoutInMs: 15 * SECOND,
  pollIntervalInMs: 1 * SECOND,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `env` (normally `process.env`) into a `Config`, or throws a `ConfigError` naming each problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = v.safeParse(Env, env);
  if (!result.success) throw new ConfigError(result.issues.map((i) => i.message).join('\n'));
  const e = result.output;
  const allow = e.LEADGATE_WEBHOOK_ALLOW.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const cidr = parseCidr(s);
      if (!cidr) throw new ConfigError(`LEADGATE_WEBHOOK_ALLOW: "${s}" is not a CIDR like 127.0.0.0/8.`);
      return cidr;
    });
  return {
    port: e.LEADGATE_PORT,
    host: e.LEADGATE_HOST,
    dbFile: e.LEADGATE_DB,
    adminKey: e.LEADGATE_ADMIN_KEY,
    publicUrl: e.LEADGATE_PUBLIC_URL?.replace(/\/+$/, ''),
    webhookAllow: allow,
    rateLimitPerMinute: e.LEADGATE_RATE_LIMIT,
    webhook: DEFAULT_WEBHOOK_CONFIG,
  };
}
