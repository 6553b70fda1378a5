/**
 * Notification emails, written from the outbox's events: plain text, in the form's default language, with
 * the field labels of the form version the lead filled in, and a link to the lead in the console.
 */
import type { Answer } from '../../shared/conditions.ts';
import type { WebhookEvent } from '../../shared/events.ts';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { localize } from '../../shared/localize.ts';
import { stepsOf } from '../../shared/public-form.ts';

export type Email = { subject: string; text: string };

const FOOTER =
  'You receive this because this address is a notification destination in Leadgate. To stop, disable or delete it in the console (Webhooks).';

/** The email for `event`; `definition` is the lead's form at its version, when it is a lead event and still stored. */
export function renderEmail(
  event: WebhookEvent,
  options: { consoleUrl: string; definition?: FormDefinition | undefined },
): Email {
  const { consoleUrl, definition } = options;
  switch (event.type) {
    case 'lead.created':
      return leadCreated(event, consoleUrl, definition);
    case 'digest.daily': {
      const { day, total, forms } = event.data;
      const lines = forms.map(
        (f) =>
          `  ${f.formId}: ${f.leads} (${Object.entries(f.tiers)
            .map(([tier, n]) => `${tier} ${n}`)
            .join(', ')})`,
      );
      return {
        subject: `Leadgate: ${total} new lead${total === 1 ? '' : 's'} on ${day}`,
        text: [
          `${total} new lead${total === 1 ? '' : 's'} on ${day} (UTC), per form and tier:`,
          '',
          ...lines,
          '',
          `See them in the console: ${consoleUrl}/admin/leads`,
          '',
          FOOTER,
        ].join('\n'),
      };
    }
    case 'webhook.test':
      return {
        subject: 'Leadgate: a test notification',
        text: ['This is a test from Leadgate: email notifications reach this address.', '', FOOTER].join(
          '\n',
        ),
      };
    default:
      return {
        subject: `Leadgate: ${event.type}`,
        text: [
          `Leadgate sent a ${event.type} event:`,
          '',
          JSON.stringify(event.data, null, 2),
          '',
          FOOTER,
        ].join('\n'),
      };
  }
}

function leadCreated(
  event: WebhookEvent<'lead.created'>,
  consoleUrl: string,
  definition: FormDefinition | undefined,
): Email {
  const lead = event.data;
  const locale = definition?.defaultLocale ?? 'en';
  const text = (t: Parameters<typeof localize>[0]) => localize(t, locale, locale);
  const fields = definition ? stepsOf(definition).flatMap((s) => s.fields) : [];
  const labelOf = (key: string) => {
    const field = fields.find((f) => f.key === key);
    return field?.label === undefined ? key : text(field.label);
  };
  const show = (key: string, answer: Answer) => {
    const field = fields.find((f) => f.key === key);
    const options = field && 'options' in field ? field.options : undefined;
    const one = (v: string) => {
      const option = options?.find((o) => o.value === v);
      return option ? text(option.label) : v;
    };
    if (Array.isArray(answer)) return answer.map(one).join(', ');
    if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
    return typeof answer === 'string' ? one(answer) : String(answer);
  };
  const title = definition ? text(definition.title) : lead.formId;
  const who =
    Object.values(lead.answers).find((a): a is string => typeof a === 'string' && a.includes('@')) ?? lead.id;
  const answers = Object.entries(lead.answers).map(([key, a]) => `  ${labelOf(key)}: ${show(key, a)}`);
  const consents = lead.consents.map((c) => `  ${c.key}: ${c.granted ? 'given' : 'not given'} — "${c.text}"`);
  const utm = Object.entries(lead.context.utm ?? {}).map(([k, v]) => `${k}=${v}`);
  return {
    subject: `New lead: ${who} (${lead.tier}) — ${title}`,
    text: [
      `A new lead came in through "${title}" (${lead.formId}, version ${lead.formVersion}).`,
      '',
      `Tier: ${lead.tier} · score ${lead.score}`,
      '',
      'Answers',
      ...answers,
      ...(consents.length > 0 ? ['', 'Consents', ...consents] : []),
      '',
      ...(lead.context.pageUrl ? [`Page: ${lead.context.pageUrl}`] : []),
      ...(utm.length > 0 ? [`UTM: ${utm.join(' · ')}`] : []),
      `Received: ${lead.createdAt}`,
      '',
      `Open it in the console: ${consoleUrl}/admin/leads/${lead.id}`,
      '',
      FOOTER,
    ].join('\n'),
  };
}
