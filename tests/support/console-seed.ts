/** Leads of every kind for the console's tests and screenshots (test-only): sent with the admin key. */
import type { TestServer } from './test-server.ts';

type Seed = {
  email: string;
  name?: string;
  role: string;
  properties?: number;
  bill: string;
  timeline: string;
  interests?: string[];
  marketing?: boolean;
  pageUrl?: string;
  utm?: Record<string, string>;
  referrer?: string;
};

export const SEEDS: Seed[] = [
  {
    email: 'grace.hopper@navy.example',
    name: 'Grace Hopper',
    role: 'property_manager',
    properties: 240,
    bill: 'over_300',
    timeline: 'this_quarter',
    interests: ['heat_pump', 'solar'],
    marketing: true,
    pageUrl: 'https://example.com/guide?utm_source=newsletter&utm_medium=email&utm_campaign=winter-2026',
    utm: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'winter-2026' },
    referrer: 'https://mail.example.com/',
  },
  {
    email: 'katherine@johnson.example',
    name: 'Katherine Johnson',
    role: 'landlord',
    properties: 12,
    bill: '100_300',
    timeline: 'this_year',
    interests: ['insulation'],
    pageUrl: 'https://example.com/guide',
    utm: { utm_source: 'google', utm_medium: 'cpc' },
  },
  {
    email: 'tim@berners-lee.example',
    name: 'Tim',
    role: 'homeowner',
    bill: '100_300',
    timeline: 'researching',
  },
  {
    email: 'a.very.long.address.for.a.person.with.many.names@subdomain.of.an.example-company.example',
    name: 'Maria Salomea Skłodowska-Curie de la Vega y Montenegro',
    role: 'homeowner',
    bill: 'over_300',
    timeline: 'this_quarter',
    marketing: true,
    pageUrl:
      'https://example.com/landing/energy/a-really-long-path-that-goes-on/and-on?gclid=EAIaIQobChMI8tq-long-click-id-value-0123456789',
  },
  { email: 'renter@example.com', role: 'renter', bill: 'under_100', timeline: 'researching' },
];

/** Submits each seed (oldest first); returns the ids, newest first, as the inbox lists them. */
export async function seedLeads(server: TestServer, seeds: Seed[] = SEEDS): Promise<string[]> {
  const ids: string[] = [];
  for (const s of seeds) {
    const answers: Record<string, unknown> = {
      email: s.email,
      role: s.role,
      monthly_bill: s.bill,
      timeline: s.timeline,
    };
    if (s.name) answers.name = s.name;
    if (s.properties !== undefined && (s.role === 'landlord' || s.role === 'property_manager'))
      answers.properties = s.properties;
    if (s.interests) answers.interests = s.interests;
    const res = await server.admin('/v1/forms/demo-ebook/submissions', {
      method: 'POST',
      body: {
        answers,
        consents: { privacy: true, marketing: s.marketing ?? false },
        context: {
          locale: 'en',
          ...(s.pageUrl ? { pageUrl: s.pageUrl } : {}),
          ...(s.referrer ? { referrer: s.referrer } : {}),
          ...(s.utm ? { utm: s.utm } : {}),
        },
      },
    });
    if (res.status !== 201) throw new Error(`seed ${s.email}: ${res.status} ${await res.text()}`);
    ids.unshift((await res.json()).id);
  }
  return ids;
}
