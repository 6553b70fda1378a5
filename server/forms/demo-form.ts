/**
 * The demo form seeded on a fresh database: a gated e-book in three steps, with logic, scoring, a hard
 * disqualifier, a hidden field, two languages and both kinds of consent. `docs/forms.md` walks through it.
 */
import type { FormDefinitionInput } from '../../shared/form-definition.ts';

export const DEMO_FORM_ID = 'demo-ebook';

const GUIDE = '/demo/energy-guide';

export const demoForm: FormDefinitionInput = {
  id: DEMO_FORM_ID,
  defaultLocale: 'en',
  title: { en: 'Your guide to reducing home energy costs', de: 'Ihr Leitfaden für niedrigere Energiekosten' },
  description: {
    en: 'Twelve pages of measures that pay for themselves, ranked by cost and savings. Free.',
    de: 'Zwölf Seiten Maßnahmen, die sich selbst bezahlen, sortiert nach Kosten und Ersparnis. Kostenlos.',
  },
  submitLabel: { en: 'Get the guide', de: 'Leitfaden anfordern' },
  steps: [
    {
      title: { en: 'Where should we send it?', de: 'Wohin dürfen wir ihn senden?' },
      fields: [
        {
          key: 'email',
          type: 'email',
          label: { en: 'Work email', de: 'Geschäftliche E-Mail' },
          placeholder: { en: 'you@company.com', de: 'sie@firma.de' },
          required: true,
        },
        {
          key: 'name',
          type: 'text',
          label: 'Name',
          placeholder: { en: 'Ada Lovelace', de: 'Erika Mustermann' },
          maxLength: 120,
        },
        { key: 'campaign', type: 'hidden', fromParam: 'campaign', fromData: 'campaign' },
      ],
    },
    {
      title: { en: 'About your property', de: 'Zu Ihrer Immobilie' },
      fields: [
        {
          key: 'role',
          type: 'select',
          label: { en: 'What best describes you?', de: 'Was beschreibt Sie am besten?' },
          required: true,
          options: [
            { value: 'homeowner', label: { en: 'Homeowner', de: 'Eigentümer:in' }, points: 10 },
            { value: 'landlord', label: { en: 'Landlord', de: 'Vermieter:in' }, points: 30 },
            {
              value: 'property_manager',
              label: { en: 'Property manager', de: 'Hausverwaltung' },
              points: 40,
            },
            { value: 'renter', label: { en: 'Renter', de: 'Mieter:in' }, points: 0 },
          ],
        },
        {
          key: 'properties',
          type: 'number',
          label: { en: 'How many homes do you manage?', de: 'Wie viele Wohnungen verwalten Sie?' },
          required: true,
          integer: true,
          min: 1,
          max: 100000,
          showIf: { field: 'role', oneOf: ['landlord', 'property_manager'] },
        },
        {
          key: 'monthly_bill',
          type: 'radio',
          label: { en: 'Monthly energy bill', de: 'Monatliche Energiekosten' },
          required: true,
          options: [
            { value: 'under_100', label: { en: 'Under $100', de: 'Unter 100 €' }, points: 0 },
            { value: '100_300', label: { en: '$100–$300', de: '100–300 €' }, points: 10 },
            { value: 'over_300', label: { en: 'Over $300', de: 'Über 300 €' }, points: 30 },
          ],
        },
      ],
    },
    {
      title: { en: 'Your plans', de: 'Ihre Pläne' },
      fields: [
        {
          key: 'timeline',
          type: 'radio',
          label: { en: 'When do you plan to make changes?', de: 'Wann planen Sie Änderungen?' },
          required: true,
          options: [
            {
              value: 'this_quarter',
              label: { en: 'In the next 3 months', de: 'In den nächsten 3 Monaten' },
              points: 30,
            },
            { value: 'this_year', label: { en: 'This year', de: 'Dieses Jahr' }, points: 15 },
            {
              value: 'researching',
              label: { en: 'Just researching', de: 'Ich informiere mich nur' },
              points: 0,
            },
          ],
        },
        {
          key: 'interests',
          type: 'checkboxes',
          label: { en: 'What are you considering?', de: 'Was ziehen Sie in Betracht?' },
          help: { en: 'Choose any that apply.', de: 'Mehrfachauswahl möglich.' },
          options: [
            { value: 'insulation', label: { en: 'Insulation', de: 'Dämmung' }, points: 5 },
            { value: 'heat_pump', label: { en: 'Heat pump', de: 'Wärmepumpe' }, points: 10 },
            { value: 'solar', label: { en: 'Solar panels', de: 'Solaranlage' }, points: 10 },
          ],
        },
      ],
    },
  ],
  consents: [
    {
      key: 'privacy',
      text: {
        en: 'I agree that my answers are stored to send me the guide, as the [privacy notice](/demo/privacy) describes.',
        de: 'Ich bin einverstanden, dass meine Angaben gespeichert werden, um mir den Leitfaden zu senden, wie in der [Datenschutzerklärung](/demo/privacy) beschrieben.',
      },
      required: true,
    },
    {
      key: 'marketing',
      text: {
        en: 'Email me the occasional energy-saving tip. Unsubscribe any time.',
        de: 'Schicken Sie mir gelegentlich Energiespartipps per E-Mail. Abmeldung jederzeit möglich.',
      },
    },
  ],
  scoring: [
    { when: { field: 'properties', gte: 10 }, points: 20 },
    { when: { field: 'properties', gte: 50 }, points: 20 },
  ],
  disqualifiers: [{ when: { field: 'role', equals: 'renter' }, tier: 'disqualified' }],
  tiers: [
    {
      name: 'sales_qualified',
      minScore: 70,
      outcome: {
        title: { en: 'Your guide is on its way', de: 'Ihr Leitfaden ist unterwegs' },
        message: {
          en: 'You look like a great fit: book a free 20-minute call with an advisor.',
          de: 'Sie passen gut zu uns: Buchen Sie ein kostenloses 20-Minuten-Gespräch.',
        },
        redirectUrl: '/demo/book-a-call',
        downloadUrl: GUIDE,
        downloadLabel: { en: 'Download the guide', de: 'Leitfaden herunterladen' },
        continueLabel: { en: 'Book a call', de: 'Gespräch buchen' },
      },
    },
    {
      name: 'marketing_qualified',
      minScore: 20,
      outcome: {
        title: { en: 'Your guide is ready', de: 'Ihr Leitfaden ist bereit' },
        message: {
          en: 'Thanks! Download it now and start saving this winter.',
          de: 'Danke! Laden Sie ihn jetzt herunter und sparen Sie schon diesen Winter.',
        },
        downloadUrl: GUIDE,
        downloadLabel: { en: 'Download the guide', de: 'Leitfaden herunterladen' },
      },
    },
    {
      name: 'disqualified',
      minScore: 0,
      outcome: {
        title: { en: 'Your guide is ready', de: 'Ihr Leitfaden ist bereit' },
        message: { en: 'Thanks for your interest!', de: 'Danke für Ihr Interesse!' },
        downloadUrl: GUIDE,
        downloadLabel: { en: 'Download the guide', de: 'Leitfaden herunterladen' },
      },
    },
  ],
  allowedOrigins: ['*'],
};
