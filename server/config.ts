/** Configuration: read from the environment once at start, validated, then passed down as one object. */
import * as v from 'valibot';
import { type Cidr, parseCidr } from './webhooks/cidr.ts';

const DEFAULT_RATE_LIMIT_PER_MINUTE = 20;
/** Each attempt in flight holds a connection and its payload (up to 256 KB): a bound on both. */
const MAX_WEBHOOK_CONCURRENCY = 256;

/** Pino's levels, least to most severe, and `silent`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;

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
  LEADGATE_DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^postgres(ql)?:\/\/\S+$/,
        'LEADGATE_DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/leadgate.',
      ),
    ),
  ),
  LEADGATE_ADMIN_KEY: v.optional(
    v.pipe(v.string(), v.minLength(16, 'LEADGATE_ADMIN_KEY must be 16+ characters.')),
  ),
  LEADGATE_PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('LEADGATE_PUBLIC_URL must be a URL.'))),
  LEADGATE_WEBHOOK_ALLOW: v.optional(v.string(), ''),
  LEADGATE_WEBHOOK_RETRY_SCHEDULE: v.optional(v.string()),
  LEADGATE_WEBHOOK_TIMEOUT: v.optional(v.string()),
  LEADGATE_WEBHOOK_DISABLE_AFTER: v.optional(v.string()),
  LEADGATE_WEBHOOK_CONCURRENCY: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer('LEADGATE_WEBHOOK_CONCURRENCY must be a whole number.'),
      v.minValue(1, `LEADGATE_WEBHOOK_CONCURRENCY must be 1–${MAX_WEBHOOK_CONCURRENCY}.`),
      v.maxValue(
        MAX_WEBHOOK_CONCURRENCY,
        `LEADGATE_WEBHOOK_CONCURRENCY must be 1–${MAX_WEBHOOK_CONCURRENCY}.`,
      ),
    ),
  ),
  LEADGATE_TRUST_PROXY: v.optional(
    v.picklist(['0', '1', 'false', 'true'], 'LEADGATE_TRUST_PROXY must be 1 or 0.'),
  ),
  LEADGATE_ABUSE_CHECKS: v.optional(
    v.picklist(['on', 'off'], 'LEADGATE_ABUSE_CHECKS must be on or off.'),
    'on',
  ),
  LEADGATE_LOG_LEVEL: v.optional(
    v.picklist(LOG_LEVELS, `LEADGATE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`),
    'info',
  ),
  LEADGATE_LOG_FORMAT: v.optional(v.picklist(LOG_FORMATS, 'LEADGATE_LOG_FORMAT must be json or pretty.')),
  LEADGATE_DEMO: v.optional(v.picklist(['on', 'off'], 'LEADGATE_DEMO must be on or off.'), 'on'),
  LEADGATE_SMTP_URL: v.optional(
    v.pipe(
      v.string(),
      v.url('LEADGATE_SMTP_URL must be a URL like smtp://user:password@mail.example.com:587.'),
      v.regex(/^smtps?:\/\//, 'LEADGATE_SMTP_URL must start with smtp:// or smtps://.'),
    ),
  ),
  LEADGATE_SMTP_FROM: v.optional(v.pipe(v.string(), v.minLength(3), v.maxLength(320))),
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
  /** The SQLite file; unused when `databaseUrl` is set. */
  dbFile: string;
  /** PostgreSQL instead of the SQLite file: `postgres://…`. */
  databaseUrl: string | undefined;
  adminKey: string | undefined;
  /** Unset: derived from the address actually bound (the port may be 0 until then). */
  publicUrl: string | undefined;
  webhookAllow: Cidr[];
  /** Submissions per minute per client address and form; 0 = unlimited. */
  rateLimitPerMinute: number;
  /** The bot gates (honeypot, minimum fill time, proof of work); off only for load tests. */
  abuseChecks: boolean;
  /** Behind a reverse proxy: take the client address from the X-Forwarded-For it appends. */
  trustProxy: boolean;
  webhook: WebhookConfig;
  log: LogConfig;
  /** Seed the demo form on a fresh database and serve the `/demo` pages (off in production). */
  demo: boolean;
  /** Where email notifications are sent through; undefined: email destinations are off. */
  smtp: SmtpConfig | undefined;
};

export type SmtpConfig = {
  /** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
  url: string;
  /** The sender: `LEADGATE_SMTP_FROM`, else the URL's user name when it is an address, else leadgate@host. */
  from: string;
};

export type LogConfig = {
  level: (typeof LOG_LEVELS)[number];
  /** One JSON object a line (for log collectors), or one readable line an event (for a terminal). */
  format: (typeof LOG_FORMATS)[number];
};

export type WebhookConfig = {
  /** Delay before each retry after the first attempt (Svix's schedule by default). */
  retryScheduleInMs: number[];
  /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  attemptTimeoutInMs: number;
  pollIntervalInMs: number;
  /**
   * Attempts in flight at once to one endpoint, so a slow one cannot take every connection; also the
   * most keep-alive connections kept open to it.
   */
  maxInFlightPerEndpoint: number;
  /** The circuit breaker's longest pause after failures in a row (it doubles from one second). */
  maxCircuitOpenInMs: number;
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterInMs: number;
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
  maxInFlightPerEndpoint: 16,
  maxCircuitOpenInMs: 5 * MINUTE,
  disableAfterInMs: 5 * 24 * HOUR,
};

const UNIT_IN_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: 24 * HOUR };

/** `500ms`, `5s`, `5m`, `2h`, `5d` in milliseconds; undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  return m ? Number(m[1]) * (UNIT_IN_MS[m[2] as string] as number) : undefined;
}

function duration(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new ConfigError(`${name}: "${text}" is not a duration like 500ms, 5s, 5m, 2h or 5d.`);
  return ms;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses `env` (normally `process.env`) into a `Config`, or throws a `ConfigError` naming each problem.
 * `logsToTerminal` picks the log format when `LEADGATE_LOG_FORMAT` is unset: pretty for a person, JSON
 * for a collector.
 */
export function loadConfig(env: Record<string, string | undefined>, logsToTerminal = false): Config {
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
    databaseUrl: e.LEADGATE_DATABASE_URL,
    adminKey: e.LEADGATE_ADMIN_KEY,
    publicUrl: e.LEADGATE_PUBLIC_URL?.replace(/\/+$/, ''),
    webhookAllow: allow,
    rateLimitPerMinute: e.LEADGATE_RATE_LIMIT,
    abuseChecks: e.LEADGATE_ABUSE_CHECKS === 'on',
    trustProxy: e.LEADGATE_TRUST_PROXY === '1' || e.LEADGATE_TRUST_PROXY === 'true',
    log: {
      level: e.LEADGATE_LOG_LEVEL,
      format: e.LEADGATE_LOG_FORMAT ?? (logsToTerminal ? 'pretty' : 'json'),
    },
    demo: e.LEADGATE_DEMO === 'on',
    smtp: e.LEADGATE_SMTP_URL
      ? { url: e.LEADGATE_SMTP_URL, from: e.LEADGATE_SMTP_FROM ?? defaultSender(e.LEADGATE_SMTP_URL) }
      : undefined,
    webhook: {
      ...DEFAULT_WEBHOOK_CONFIG,
      ...(e.LEADGATE_WEBHOOK_RETRY_SCHEDULE === undefined
        ? {}
        : {
            retryScheduleInMs: e.LEADGATE_WEBHOOK_RETRY_SCHEDULE.split(',')
              .filter((x) => x.trim())
              .map((x) => duration('LEADGATE_WEBHOOK_RETRY_SCHEDULE', x)),
          }),
      ...(e.LEADGATE_WEBHOOK_TIMEOUT === undefined
        ? {}
        : { attemptTimeoutInMs: duration('LEADGATE_WEBHOOK_TIMEOUT', e.LEADGATE_WEBHOOK_TIMEOUT) }),
      ...(e.LEADGATE_WEBHOOK_DISABLE_AFTER === undefined
        ? {}
        : { disableAfterInMs: duration('LEADGATE_WEBHOOK_DISABLE_AFTER', e.LEADGATE_WEBHOOK_DISABLE_AFTER) }),
      ...(e.LEADGATE_WEBHOOK_CONCURRENCY === undefined
        ? {}
        : { maxInFlightPerEndpoint: e.LEADGATE_WEBHOOK_CONCURRENCY }),
    },
  };
}

/** The URL's user name when it is an address (most providers require that sender), else leadgate@host. */
function defaultSender(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const user = decodeURIComponent(url.username);
  return `Leadgate <${user.includes('@') ? user : `leadgate@${url.hostname}`}>`;
}
