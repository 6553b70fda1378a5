/**
 * One lead, whole: answers under their labels, the score and where it came from, the consent proof,
 * context and UTM, every webhook delivery with its attempts; and erasure, after a confirmation.
 */
import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FormRecord, LeadScoring, MessageRecord, StoredLead } from '../../shared/admin-api.ts';
import { api } from '../api.ts';
import { Badge, tierTone } from '../components/badge.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Link } from '../components/link.tsx';
import { Failure, Loading } from '../components/status.tsx';
import { flash } from '../flash.ts';
import { humanize } from '../format.ts';
import type { PageProps } from '../pages.tsx';
import { navigate } from '../router.ts';
import { useLoad } from '../use-api.ts';
import { ConsentsSection } from './lead-consents.tsx';
import { DeliveriesSection } from './lead-deliveries.tsx';
import { AnswersSection, ContextSection, ScoreSection } from './lead-sections.tsx';

type LeadView = {
  lead: StoredLead;
  form: FormRecord | undefined;
  scoring: LeadScoring | undefined;
  messages: MessageRecord[];
};

async function loadLead(id: string): Promise<LeadView> {
  const path = `/v1/admin/leads/${encodeURIComponent(id)}`;
  const [lead, scoring, messages] = await Promise.all([
    api<StoredLead>(path),
    api<LeadScoring>(`${path}/scoring`).catch(() => undefined),
    api<{ data: MessageRecord[] }>(`${path}/webhooks`).then((r) => r.data),
  ]);
  // The version the lead was filled on: its labels and rules, not today's.
  const form = await api<FormRecord>(
    `/v1/admin/forms/${encodeURIComponent(lead.formId)}/versions/${lead.formVersion}`,
  ).catch(() => undefined);
  return { lead, form, scoring, messages };
}

export function LeadPage({ params }: PageProps) {
  const id = params.id ?? '';
  const view = useLoad(() => loadLead(id), id);
  const [confirming, setConfirming] = useState(false);
  const email =
    view.data && typeof view.data.lead.answers.email === 'string' ? view.data.lead.answers.email : undefined;
  useEffect(() => {
    document.title = `${email ?? 'Lead'} · Leadgate`;
  }, [email]);

  const erase = async () => {
    await api(`/v1/admin/leads/${encodeURIComponent(id)}`, { method: 'DELETE' });
    setConfirming(false);
    flash(`The lead ${email ?? id} was erased.`);
    navigate('/leads');
  };

  // One frame in every state, so the heading stays the same element (and keeps the focus it was given).
  const data = view.data;
  const lead = data?.lead;
  const def = data?.form?.definition;
  const name = lead && typeof lead.answers.name === 'string' ? lead.answers.name : undefined;
  return (
    <div class="page">
      <p class="back">
        <Link to="/leads">← Leads</Link>
      </p>
      <div class="page-header">
        <div class="title-block">
          <h1 tabIndex={-1} class="break">
            {email ?? lead?.id ?? 'Lead'}
          </h1>
          {lead && (
            <p class="muted">
              {name && <>{name} · </>}
              <Badge tone={tierTone(lead.tier)}>{humanize(lead.tier)}</Badge> · score {lead.score} ·{' '}
              <code>{lead.id}</code>
            </p>
          )}
        </div>
        {lead && (
          <div class="page-actions">
            <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
              Erase lead…
            </button>
          </div>
        )}
      </div>
      {view.error !== undefined ? (
        <Failure error={view.error} />
      ) : !data || !lead ? (
        <Loading what="the lead" />
      ) : (
        <>
          <div class="lead-grid">
            <AnswersSection lead={lead} def={def} />
            <div class="lead-column">
              <ScoreSection lead={lead} def={def} scoring={data.scoring} />
              <ContextSection lead={lead} def={def} />
            </div>
            <ConsentsSection lead={lead} />
            <DeliveriesSection messages={data.messages} />
          </div>

          <ConfirmDialog
            open={confirming}
            title="Erase this lead?"
            confirmLabel="Erase lead"
            onConfirm={erase}
            onClose={() => setConfirming(false)}
          >
            <p>
              <strong class="break">{email ?? lead.id}</strong>: its answers, consents and webhook log are
              deleted from this server, and <code>lead.erased</code> is sent to the webhooks that subscribe to
              it, so your other tools can erase their copies. This cannot be undone.
            </p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
