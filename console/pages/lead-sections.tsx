/** A lead's answers, its score's working, and the context it came with. */
import { Fragment, h } from 'preact';
import type { LeadScoring, StoredLead } from '../../shared/admin-api.ts';
import type { FormDefinition } from '../../shared/form-definition.ts';
import {
  answerText,
  describeCondition,
  fieldLabel,
  fieldsOf,
  formatTime,
  humanize,
  text,
} from '../format.ts';

export function AnswersSection({ lead, def }: { lead: StoredLead; def: FormDefinition | undefined }) {
  // In the form's order; answers to fields the version no longer lists come after.
  const order = def ? fieldsOf(def).map((f) => f.key) : [];
  const keys = [
    ...order.filter((k) => k in lead.answers),
    ...Object.keys(lead.answers).filter((k) => !order.includes(k)),
  ];
  return (
    <section class="card" aria-labelledby="answers-title">
      <h2 id="answers-title">Answers</h2>
      {def && (
        <p class="muted small">
          {text(def, def.title)}, version {lead.formVersion} · received {formatTime(lead.createdAt)}
        </p>
      )}
      <dl class="pairs">
        {keys.map((k) => {
          const answer = lead.answers[k];
          return (
            <div class="pair" key={k}>
              <dt>{fieldLabel(def, k)}</dt>
              <dd class="break">{answer === undefined ? '' : answerText(def, k, answer)}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

export function ScoreSection({
  lead,
  def,
  scoring,
}: {
  lead: StoredLead;
  def: FormDefinition | undefined;
  scoring: LeadScoring | undefined;
}) {
  const describe = (part: LeadScoring['parts'][number]) => {
    if (part.source === 'option')
      return `${fieldLabel(def, part.field)}: ${answerText(def, part.field, part.value)}`;
    if (part.source === 'checkbox') return `${fieldLabel(def, part.field)}: ticked`;
    const rule = def?.scoring?.[part.rule];
    return rule ? `Rule: ${describeCondition(def, rule.when)}` : `Rule ${part.rule + 1}`;
  };
  const disqualifier =
    scoring?.disqualifiedBy != null ? def?.disqualifiers?.[scoring.disqualifiedBy] : undefined;
  return (
    <section class="card" aria-labelledby="score-title">
      <h2 id="score-title">
        Score <span class="score-total">{lead.score}</span>
      </h2>
      {!scoring ? (
        <p class="muted">How this score came about is not available.</p>
      ) : (
        <>
          {scoring.parts.length === 0 ? (
            <p class="muted">No answer gave points.</p>
          ) : (
            <table class="plain-table">
              <caption class="visually-hidden">Where the points came from</caption>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col" class="col-num">
                    Points
                  </th>
                </tr>
              </thead>
              <tbody>
                {scoring.parts.map((p, i) => (
                  <tr key={i}>
                    <td class="break">{describe(p)}</td>
                    <td class="col-num">{p.points > 0 ? `+${p.points}` : p.points}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="small">
            Tier: <strong>{humanize(lead.tier)}</strong>
            {disqualifier
              ? `, set by a disqualifier: ${describeCondition(def, disqualifier.when)}.`
              : ', the highest tier whose minimum score it reaches.'}
          </p>
          {!scoring.agrees && (
            <p class="notice notice-warn small">
              Worked out again today, these answers give another score or tier: scoring has changed since this
              lead was stored. The stored score and tier are shown.
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function ContextSection({ lead, def }: { lead: StoredLead; def: FormDefinition | undefined }) {
  const ctx = lead.context;
  const utm = Object.entries(ctx.utm ?? {});
  return (
    <section class="card" aria-labelledby="context-title">
      <h2 id="context-title">Context</h2>
      <dl class="pairs">
        <div class="pair">
          <dt>Page</dt>
          <dd class="break">{ctx.pageUrl ?? <span class="muted">not sent</span>}</dd>
        </div>
        <div class="pair">
          <dt>Referrer</dt>
          <dd class="break">{ctx.referrer || <span class="muted">none</span>}</dd>
        </div>
        <div class="pair">
          <dt>Language</dt>
          <dd>{ctx.locale ?? def?.defaultLocale ?? <span class="muted">not sent</span>}</dd>
        </div>
        {utm.length === 0 ? (
          <div class="pair">
            <dt>UTM</dt>
            <dd>
              <span class="muted">none</span>
            </dd>
          </div>
        ) : (
          utm.map(([k, v]) => (
            <div class="pair" key={k}>
              <dt>
                <code>{k}</code>
              </dt>
              <dd class="break">{v}</dd>
            </div>
          ))
        )}
      </dl>
    </section>
  );
}
