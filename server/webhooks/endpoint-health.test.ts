import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_CONFIG as config } from '../config.ts';
import { applyVerdicts, type EndpointHealth } from './endpoint-health.ts';
import type { Verdict } from './judge-attempt.ts';

const healthy: EndpointHealth = {
  enabled: true,
  consecutiveFailures: 0,
  failingSince: null,
  circuitOpenUntil: null,
};
const failed: Verdict = { status: 'pending', nextAttemptAt: 0 };
const ok: Verdict = { status: 'delivered' };
const gone: Verdict = { status: 'failed', disableEndpoint: true };
const batch = (...verdicts: Verdict[]) =>
  verdicts.map((verdict, index) => ({ verdict, at: 1000 + index, index }));

describe('applyVerdicts', () => {
  it('applies a batch in order, as one by one: the circuit doubles per failure and a success closes it', () => {
    expect(applyVerdicts(healthy, batch(failed, failed), config)).toEqual({
      health: { enabled: true, consecutiveFailures: 2, failingSince: 1000, circuitOpenUntil: 1001 + 2000 },
    });
    expect(applyVerdicts(healthy, batch(failed, failed, ok), config).health).toEqual(healthy);
    expect(applyVerdicts(healthy, batch(ok, failed), config).health).toMatchObject({
      consecutiveFailures: 1,
    });
  });

  it('disables once, naming the attempt that did it', () => {
    expect(applyVerdicts(healthy, batch(ok, gone, gone), config)).toMatchObject({
      health: { enabled: false, consecutiveFailures: 2 },
      disabled: { index: 1, reason: 'gone', at: 1001 },
    });
    const longFailing = { ...healthy, consecutiveFailures: 9, failingSince: 1000 - config.disableAfterInMs };
    expect(applyVerdicts(longFailing, batch(failed), config).disabled).toEqual({
      index: 0,
      reason: 'failing',
      at: 1000,
    });
    expect(applyVerdicts({ ...healthy, enabled: false }, batch(gone), config).disabled).toBeUndefined();
  });
});
