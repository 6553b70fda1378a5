/** The demo form seeded on a fresh database: a gated e-book with scoring questions and both kinds of consent. */
import type { FormDefinitionInput } from '../../shared/form-definition.ts';

export const DEMO_FORM_ID = 'demo-ebook';

export const demoForm: FormDefinitionInput = {
  id: DEMO_FORM_ID,
  title: 'Your guide to reducing home energy costs',
  description: 'Twelve pages of measures that pay for themselves, ranked by cost and savings. Free.',
  submitLabel: 'Get the guide',
  fields: [
    { key: 'email', type: 'email', label: 'Work email', placeholder: 'you@company.com', required: true },
    { key: 'name', type: 'text', label: 'Name', placeholder: 'Ada Lovelace' },
    {
      key: 'role',
      type: 'select',
      label: 'What best describes you?',
      required: true,
      options: [
        { value: 'homeowner', label: 'Homeowner', points: 10 },
        { value: 'landlord', label: 'Landlord', points: 30 },
        { value: 'property_manager', label: 'Property manager', points: 40 },
        { value: 'renter', label: 'Renter', points: 0 },
      ],
    },
    {
      key: 'monthly_bill',
      type: 'radio',
      label: 'Monthly energy bill',
      required: true,
      options: [
        { value: 'under_100', label: 'Under $100', points: 0 },
        { value: '100_300', label: '$100–$300', points: 10 },
        { value: 'over_300', label: 'Over $300', points: 30 },
      ],
    },
    {
      key: 'timeline',
      type: 'radio',
      label: 'When do you plan to make changes?',
      required: true,
      options: [
        { value: 'this_quarter', label: 'In the next 3 months', points: 30 },
        { value: 'this_year', label: 'This year', points: 15 },
        { value: 'researching', label: 'Just researching', points: 0 },
      ],
    },
  ],
  consents: [
    {
      key: 'privacy',
      text: 'I agree that my answers are stored to send me the guide, as described in the privacy policy.',
      required: true,
    },
    { key: 'marketing', text: 'Email me the occasional energy-saving tip. Unsubscribe any time.' },
  ],
  tiers: [
    {
      name: 'sales_qualified',
      minScore: 70,
      outcome: {
        message:
          'Your guide is on its way. You look like a great fit: book a free 20-minute call with an advisor.',
        redirectUrl: '/demo/book-a-call',
        downloadUrl: '/demo/energy-guide',
      },
    },
    {
      name: 'marketing_qualified',
      minScore: 20,
      outcome: { message: 'Thanks! Your guide is ready.', downloadUrl: '/demo/energy-guide' },
    },
    {
      name: 'disqualified',
      minScore: 0,
      outcome: { message: 'Thanks! Your guide is ready.', downloadUrl: '/demo/energy-guide' },
    },
  ],
  allowedOrigins: ['*'],
};
