/** The starting points of a new form: a minimal contact form; the others are copies of existing forms. */
import type { FormDefinitionInput } from '../../shared/form-definition.ts';

/** Name, email and a message; one tier; no origin yet (the editor says so). */
export const contactTemplate: FormDefinitionInput = {
  id: 'contact',
  title: 'Contact us',
  description: 'We answer within one working day.',
  submitLabel: 'Send',
  fields: [
    { key: 'name', type: 'text', label: 'Name', required: true, maxLength: 120 },
    { key: 'email', type: 'email', label: 'Email', required: true },
    { key: 'message', type: 'textarea', label: 'Message', required: true, maxLength: 4000 },
  ],
  consents: [
    {
      key: 'privacy',
      text: 'I agree that my answers are stored to reply to me, as the [privacy policy](https://example.com/privacy) explains.',
      required: true,
    },
  ],
  tiers: [{ name: 'contact', minScore: 0, outcome: { message: 'Thanks! We will be in touch soon.' } }],
  allowedOrigins: [],
};
