/** Accepting a submission: validate, qualify, then store the lead and its webhooks in one transaction. */
import * as v from 'valibot';
import { checkAnswers, issueMessage } from '../../shared/answers.ts';
import type { ConsentRecord, LeadData } from '../../shared/events.ts';
import type { Outcome } from '../../shared/form-definition.ts';
import { localize } from '../../shared/localize.ts';
import { closedMessage } from '../../shared/public-form.ts';
import {
  type FieldIssue,
  SubmissionBody,
  type SubmissionResponse,
  toFieldIssue,
} from '../../shared/submission.ts';
import type { AbuseStore, BlockReason } from '../abuse/abuse-store.ts';
import { judgeSubmission } from '../abuse/bot-gate.ts';
import { asksProofOfWork } from '../abuse/proof-of-work.ts';
import { sourceOf } from '../analytics/dimensions.ts';
import type { FunnelStore } from '../analytics/funnel-store.ts';
import { acceptsOrigin } from '../forms/accepts-origin.ts';
import type { CompiledForms } from '../forms/compiled-forms.ts';
import type { FormStore } from '../forms/form-store.ts';
import type { RefusedOrigins } from '../forms/refused-origins.ts';
import { newId } from '../ids.ts';
import { firstEmail } from '../leads/email.ts';
import { type IdempotencyStore, idempotentRequest, type Replay } from './idempotency.ts';
import { type IngestStore, PROOF_SPENT } from './lead-write.ts';
import { scoreLead } from './score-lead.ts';

export type SubmitError = {
  status: 400 | 403 | 404 | 410 | 422;
  code: string;
  message: string;
  issues?: FieldIssue[];
  /** Refused by a bot gate, for this reason. */
  blocked?: BlockReason;
};

export type SubmitResult =
  | {
      ok: true;
      status: 201;
      body: SubmissionResponse;
      replayed: boolean;
      deliveries: number;
      /** Set when a bot gate caught it: the reply looks stored, nothing was. */
      decoy?: BlockReason;
    }
  | { ok: false; error: SubmitError };

export type SubmitInput = {
  /** Sent with an admin key (the owner's own server): the bot gates do not apply. */
  trusted?: boolean;
  formId: string;
  body: unknown;
  /** The body as sent: what the `Idempotency-Key` is checked against. */
  bodyText: string;
  idempotencyKey: string | undefined;
  /** The request's `Origin` header; absent for non-browser clients, which origin lists cannot stop anyway. */
  origin: string | undefined;
};

export type SubmitDeps = {
  forms: FormStore;
  idempotency: IdempotencyStore;
  abuse: AbuseStore;
  ingest: IngestStore;
  /** Where each stored lead is counted as a submission, for the overview's funnel. */
  funnel: FunnelStore;
  /** Each form version's validator and public definition per language, compiled once. */
  compiled: CompiledForms;
  /** Resolves an outcome link that is a path on this server (`/demo/energy-guide`) to a full URL. */
  resolveLink: (link: string) => string;
  /** The origin always allowed: the server's own (its demo page). Known once the server listens. */
  ownOrigin: () => string;
  /** Where a refused origin is remembered, for the console to offer allowing it. */
  refusedOrigins?: RefusedOrigins;
  /** The bot gates' key; undefined when they are off (`LEADGATE_ABUSE_CHECKS=off`, for load tests). */
  botGate?: { hmacKey: () => Promise<string> } | undefined;
};

const fail = (error: SubmitError): SubmitResult => ({ ok: false, error });

/** Validates and stores one submission; every expected failure comes back as a value. */
export async function submitLead(
  deps: SubmitDeps,
  input: SubmitInput,
  now = Date.now(),
): Promise<SubmitResult> {
  const current = await deps.forms.get(input.formId);
  if (!current) {
    return fail({ status: 404, code: 'form_not_found', message: `There is no form "${input.formId}".` });
  }
  if (current.archivedAt !== null) {
    const locale = (input.body as { context?: { locale?: unknown } } | null)?.context?.locale;
    const message = closedMessage(current.definition, typeof locale === 'string' ? locale : undefined);
    return fail({ status: 410, code: 'form_closed', message });
  }
  if (!acceptsOrigin(current.definition, input.origin, deps.ownOrigin())) {
    await deps.abuse.countBlocked(current.id, 'origin_not_allowed', now);
    deps.refusedOrigins?.record(current.id, input.origin, now);
    return fail({
      status: 403,
      code: 'origin_not_allowed',
      message: `This form does not accept ${input.origin}.`,
    });
  }
  const request = await idempotentRequest(
    deps.idempotency,
    input.formId,
    input.idempotencyKey,
    input.bodyText,
    now,
  );
  if (request.outcome === 'invalid_key') {
    return fail({
      status: 400,
      code: 'invalid_idempotency_key',
      message: 'Use 1–255 visible ASCII characters.',
    });
  }
  if (request.outcome !== 'new') return replayed(request);

  /** A 422, counted as a refusal of the form's. */
  const refuse = async (issues: FieldIssue[]) => {
    await deps.abuse.countBlocked(current.id, 'validation', now);
    return invalid(issues);
  };
  const envelope = v.safeParse(SubmissionBody, input.body);
  if (!envelope.success) return refuse(envelope.issues.map(toFieldIssue));
  const { formVersion, context } = envelope.output;
  const form =
    formVersion === undefined || formVersion === current.version
      ? current
      : await deps.forms.get(input.formId, formVersion);
  if (!form) return refuse([{ path: 'formVersion', message: `This form has no version ${formVersion}.` }]);
  // The language the widget showed (it sends back the one the server chose), so consent texts match.
  const shown = deps.compiled.get(form.definition, form.version, context.locale).public;
  const localized = (text: Outcome['message']) =>
    localize(text, shown.locale, form.definition.defaultLocale ?? 'en');

  let spend: { signature: string; expiresAt: number } | undefined;
  if (deps.botGate && !input.trusted) {
    const verdict = await judgeSubmission({
      hmacKey: await deps.botGate.hmacKey(),
      formId: form.id,
      proofOfWork: asksProofOfWork(current.definition),
      proof: envelope.output.proof,
      honeypot: envelope.output.honeypot,
      now,
    });
    if (verdict.kind !== 'pass') await deps.abuse.countBlocked(form.id, verdict.reason, now);
    if (verdict.kind === 'refuse') {
      const { code, message, reason } = verdict;
      return fail({ status: 403, code, message, blocked: reason });
    }
    if (verdict.kind === 'decoy') {
      // What a lead with no answers would be told; the id is fresh and leads nowhere.
      const { tier, outcome } = scoreLead(form.definition, {});
      const body = {
        id: newId('lead', now),
        tier,
        score: 0,
        outcome: resolveOutcome(outcome, localized, deps.resolveLink),
      };
      return { ok: true, status: 201, body, replayed: false, deliveries: 0, decoy: verdict.reason };
    }
    spend = verdict.spend;
  }

  const checked = checkAnswers(shown, envelope.output);
  if (checked.issues.length > 0) {
    return refuse(checked.issues.map((issue) => ({ path: issue.path, message: issueMessage(issue, shown) })));
  }

  const { answers, consents } = checked;
  const { score, tier, outcome } = scoreLead(form.definition, answers);
  // The answer is kept as typed; the normalised form is what data-subject requests find the lead by.
  const email = firstEmail(
    shown.steps.flatMap((s) => s.fields),
    answers,
  );
  const id = newId('lead', now);
  const createdAt = new Date(now).toISOString();
  const consentRecords: ConsentRecord[] = shown.consents.map((c) => ({
    key: c.key,
    granted: consents[c.key] === true,
    text: c.text,
    formVersion: form.version,
    recordedAt: createdAt,
  }));
  const lead: LeadData = {
    id,
    formId: form.id,
    formVersion: form.version,
    answers,
    consents: consentRecords,
    score,
    tier,
    context,
    createdAt,
  };
  const body: SubmissionResponse = {
    id,
    tier,
    score,
    outcome: resolveOutcome(outcome, localized, deps.resolveLink),
  };

  const event = { type: 'lead.created', timestamp: createdAt, data: lead } as const;
  const newLead = {
    id,
    formId: form.id,
    formVersion: form.version,
    email,
    score,
    tier,
    context,
    answers,
    consents: consentRecords,
    createdAt: now,
  };
  const written = await request.write(201, body, async (claim) => {
    const outcome = await deps.ingest.writeLead({ claim, spend, lead: newLead, event });
    // A concurrent retry of this submission (same key, same proof) that lost the claim replays the winner's.
    if (outcome !== PROOF_SPENT) return outcome;
    // Counted after the rollback that undid the key's claim.
    await deps.abuse.countBlocked(form.id, 'spent_proof', now);
    return PROOF_SPENT;
  });
  if (written === PROOF_SPENT) {
    return fail({
      status: 403,
      code: 'proof_used',
      message: 'This proof of work was already used: reload the form to send another submission.',
      blocked: 'spent_proof',
    });
  }
  if ('outcome' in written) return replayed(written);
  await deps.funnel.count(
    {
      formId: form.id,
      formVersion: form.version,
      kind: 'submit',
      step: 0,
      source: sourceOf(context.utm, context.referrer, input.origin),
    },
    now,
  );
  return { ok: true, status: 201, body, replayed: false, deliveries: written.deliveries };
}

function invalid(issues: FieldIssue[]): SubmitResult {
  return fail({ status: 422, code: 'validation_failed', message: 'Some answers need attention.', issues });
}

function replayed(replay: Replay): SubmitResult {
  if (replay.outcome === 'reused') {
    return fail({
      status: 422,
      code: 'idempotency_key_reused',
      message: 'This Idempotency-Key was already used with a different body.',
    });
  }
  // Only 201s are stored, so a replay is one.
  return { ok: true, status: 201, body: replay.body as SubmissionResponse, replayed: true, deliveries: 0 };
}

/** The outcome as the visitor sees it: in their language, with links on this server made absolute. */
function resolveOutcome(
  outcome: Outcome,
  t: (text: Outcome['message']) => string,
  resolve: (link: string) => string,
): SubmissionResponse['outcome'] {
  const text = (key: 'title' | 'downloadLabel' | 'continueLabel') => {
    const value = outcome[key];
    return value === undefined ? {} : { [key]: t(value) };
  };
  return {
    ...text('title'),
    message: t(outcome.message),
    ...(outcome.redirectUrl === undefined ? {} : { redirectUrl: resolve(outcome.redirectUrl) }),
    ...(outcome.downloadUrl === undefined ? {} : { downloadUrl: resolve(outcome.downloadUrl) }),
    ...text('downloadLabel'),
    ...text('continueLabel'),
  };
}
