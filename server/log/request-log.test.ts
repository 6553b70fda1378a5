import { describe, expect, it } from 'vitest';
import { logPath } from './request-log.ts';

describe('logPath', () => {
  it('keeps the path as sent, without the query string (it may carry an email)', () => {
    expect(logPath('http://h/v1/admin/leads?email=ada@example.com')).toBe('/v1/admin/leads');
    expect(logPath('http://h:8787/v1/forms/a%0Ab/submissions#x')).toBe('/v1/forms/a%0Ab/submissions');
    expect(logPath('http://h')).toBe('/');
  });

  it('percent-encodes anything not printable ASCII, so a path cannot break a log line', () => {
    expect(logPath('http://h/a\nb c\u2028é')).toBe('/a%0Ab%20c%E2%80%A8%C3%A9');
  });
});
