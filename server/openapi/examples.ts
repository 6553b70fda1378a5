/**
 * The document's examples, taken from the demo form (`demo-ebook`, seeded on a fresh database): a reader
 * can send them to a fresh server as they are. A test sends each one and compares the answer.
 */
import type { SubmissionResponse } from '../../shared/submission.ts';

/** A landlord with twelve flats and high bills, in a hurry: the demo's sales-qualified lead. */
export const demoSubmission = {
  answers: {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    role: 'landlord',
    properties: 12,
    monthly_bill: 'over_300',
    timeline: 'this_quarter',
    interests: ['heat_pump', 'solar'],
  },
  consents: { privacy: true, marketing: false },
  context: {
    pageUrl: 'https://www.example.com/energy?utm_source=newsletter',
    referrer: 'https://news.example.com/',
    utm: { utm_source: 'newsletter', utm_medium: 'email' },
    locale: 'en',
  },
};

/** What a server at https://leads.example.com answers to it (the lead id differs each time). */
export const demoSubmissionResponse = {
  id: 'lead_01kb6n3m0xq7hzv5d2g4rkt9wy',
  tier: 'sales_qualified',
  score: 130,
  outcome: {
    title: 'Your guide is on its way',
    message: 'You look like a great fit: book a free 20-minute call with an advisor.',
    redirectUrl: 'https://leads.example.com/demo/book-a-call',
    downloadUrl: 'https://leads.example.com/demo/energy-guide',
    downloadLabel: 'Download the guide',
    continueLabel: 'Book a call',
  },
} satisfies SubmissionResponse;
