/** Leads as CSV or NDJSON, produced a page at a time so an export of any size runs in bounded memory. */
import type { LeadFilter, StoredLead } from './lead-store.ts';
import type { LeadStore } from './store.ts';

const PAGE_SIZE = 500;

/** Every lead matching `filter`, newest first. */
export async function* allLeads(leads: LeadStore, filter: LeadFilter): AsyncGenerator<StoredLead[]> {
  let before: string | undefined;
  for (;;) {
    const page = await leads.list({ ...filter, limit: PAGE_SIZE, ...(before ? { before } : {}) });
    if (page.length === 0) return;
    yield page;
    before = page.at(-1)?.id;
  }
}

/** One JSON object per line. */
export async function* toNdjson(pages: AsyncIterable<StoredLead[]>): AsyncGenerator<string> {
  for await (const page of pages) yield page.map((lead) => `${JSON.stringify(lead)}\n`).join('');
}

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
const FORMULA = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180 quoting), defused against formula injection. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = Array.isArray(value)
    ? value.join('; ')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV with one column per answer and per consent; the columns are those of the form's fields. A consent's
 * column is its state now: a list exported for mailing must not include someone who withdrew.
 */
export async function* toCsv(
  pages: AsyncIterable<StoredLead[]>,
  answerKeys: string[],
  consentKeys: string[],
): AsyncGenerator<string> {
  const header = [
    'id',
    'form_id',
    'form_version',
    'created_at',
    'score',
    'tier',
    ...answerKeys,
    ...consentKeys.map((k) => `consent_${k}`),
    'page_url',
    'referrer',
    'utm',
  ];
  yield `${header.join(',')}\r\n`;
  for await (const page of pages) {
    yield page
      .map((l) => {
        const consent = (k: string) => l.consents.find((c) => c.key === k)?.grantedNow;
        const cells = [
          l.id,
          l.formId,
          l.formVersion,
          l.createdAt,
          l.score,
          l.tier,
          ...answerKeys.map((k) => l.answers[k]),
          ...consentKeys.map(consent),
          l.context.pageUrl,
          l.context.referrer,
          l.context.utm && Object.keys(l.context.utm).length > 0 ? l.context.utm : undefined,
        ];
        return `${cells.map(csvCell).join(',')}\r\n`;
      })
      .join('');
  }
}
