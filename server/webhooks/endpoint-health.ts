/** An endpoint's health through its attempts: the circuit breaker, failing-since and auto-disable. */

import type { WebhookEvent } from '../../shared/events.ts';
import type { WebhookConfig } from '../config.ts';
import type { Verdict } from './judge-attempt.ts';

const CIRCUIT_BASE_IN_MS = 1000;

/** Why Leadgate disabled an endpoint: a 410 Gone, or failing with no success for too long. */
export type DisabledReason = 'gone' | 'failing';

export type EndpointHealth = {
  enabled: boolean;
  consecutiveFailures: number;
  failingSince: number | null;
  circuitOpenUntil: number | null;
};

/**
 * Applies verdicts in order, as if one by one: success closes the circuit; failures open it for longer each
 * time (doubling from one second), and disable the endpoint in the end. Says which verdict disabled it.
 */
export function applyVerdicts(
  health: EndpointHealth,
  verdicts: readonly { verdict: Verdict; at: number; index: number }[],
  config: WebhookConfig,
): { health: EndpointHealth; disabled?: { index: number; reason: DisabledReason; at: number } } {
  let { enabled, consecutiveFailures: failures, failingSince: since, circuitOpenUntil: openUntil } = health;
  let disabled: { index: number; reason: DisabledReason; at: number } | undefined;
  for (const { verdict, at: now, index } of verdicts) {
    if (verdict.status === 'delivered') {
      failures = 0;
      since = null;
      openUntil = null;
      continue;
    }
    failures += 1;
    since ??= now;
    const gone = verdict.status === 'failed' && verdict.disableEndpoint;
    const reason: DisabledReason | undefined = gone
      ? 'gone'
      : now - since >= config.disableAfterInMs
        ? 'failing'
        : undefined;
    openUntil =
      now + Math.min(config.maxCircuitOpenInMs, CIRCUIT_BASE_IN_MS * 2 ** Math.min(failures - 1, 20));
    if (reason && enabled) {
      enabled = false;
      disabled = { index, reason, at: now };
    }
  }
  const after = { enabled, consecutiveFailures: failures, failingSince: since, circuitOpenUntil: openUntil };
  return disabled ? { health: after, disabled } : { health: after };
}

/**
 * What a batch's verdicts change for an endpoint, as the store writes it: the health to write, or undefined
 * when it is unchanged (a healthy endpoint's successes cost no write), and, if they disabled it, which
 * verdict did, why, and the `endpoint.disabled` event to send.
 */
export function healthAfter(
  endpoint: EndpointHealth & { id: string; url: string },
  verdicts: readonly { verdict: Verdict; at: number; index: number }[],
  config: WebhookConfig,
): {
  write: EndpointHealth | undefined;
  disabled:
    | { index: number; reason: DisabledReason; at: number; event: WebhookEvent<'endpoint.disabled'> }
    | undefined;
} {
  const { health: after, disabled } = applyVerdicts(endpoint, verdicts, config);
  const changed =
    after.consecutiveFailures !== endpoint.consecutiveFailures ||
    after.failingSince !== endpoint.failingSince ||
    after.circuitOpenUntil !== endpoint.circuitOpenUntil;
  if (!disabled) return { write: changed ? after : undefined, disabled: undefined };
  const data = {
    endpointId: endpoint.id,
    url: endpoint.url,
    reason: disabled.reason,
    disabledAt: new Date(disabled.at).toISOString(),
  };
  return {
    write: changed ? after : undefined,
    disabled: { ...disabled, event: { type: 'endpoint.disabled', timestamp: data.disabledAt, data } },
  };
}
