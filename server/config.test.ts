import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('logs at info, as JSON for a collector and pretty for a terminal, unless told', () => {
    expect(loadConfig({}).log).toEqual({ level: 'info', format: 'json' });
    expect(loadConfig({}, true).log).toEqual({ level: 'info', format: 'pretty' });
    expect(loadConfig({ LEADGATE_LOG_LEVEL: 'debug', LEADGATE_LOG_FORMAT: 'json' }, true).log).toEqual({
      level: 'debug',
      format: 'json',
    });
    expect(loadConfig({ LEADGATE_LOG_LEVEL: 'silent' }).log.level).toBe('silent');
  });

  it('refuses an unknown log level or format by name', () => {
    expect(() => loadConfig({ LEADGATE_LOG_LEVEL: 'verbose' })).toThrow(
      new ConfigError('LEADGATE_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent.'),
    );
    expect(() => loadConfig({ LEADGATE_LOG_FORMAT: 'xml' })).toThrow(
      /LEADGATE_LOG_FORMAT must be json or pretty/,
    );
  });

  it('serves the demo unless LEADGATE_DEMO=off', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ LEADGATE_DEMO: 'off' }).demo).toBe(false);
    expect(() => loadConfig({ LEADGATE_DEMO: 'no' })).toThrow(/LEADGATE_DEMO must be on or off/);
  });

  it('reads the attempts in flight per endpoint from LEADGATE_WEBHOOK_CONCURRENCY, 16 unless told', () => {
    expect(loadConfig({}).webhook.maxInFlightPerEndpoint).toBe(16);
    expect(loadConfig({ LEADGATE_WEBHOOK_CONCURRENCY: '64' }).webhook.maxInFlightPerEndpoint).toBe(64);
    for (const bad of ['0', '1.5', 'many', '257'])
      expect(() => loadConfig({ LEADGATE_WEBHOOK_CONCURRENCY: bad })).toThrow(
        /LEADGATE_WEBHOOK_CONCURRENCY must be/,
      );
  });
});
