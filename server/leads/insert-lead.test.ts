import { describe, expect, it } from 'vitest';
import { seedDemoFormIn } from '../../tests/support/test-app.ts';
import { openDb, writeTx } from '../storage/db.ts';
import { insertLead } from './insert-lead.ts';
import { getLead } from './lead-store.ts';

describe('insertLead', () => {
  it('stores every answer and consent, also past the rows one statement takes', () => {
    const db = openDb(':memory:');
    seedDemoFormIn(db);
    const answers = Object.fromEntries(
      Array.from({ length: 70 }, (_, i) => [`q${i}`, i % 3 === 0 ? [`a${i}`] : i % 3 === 1 ? i : `${i}`]),
    );
    const consents = Array.from({ length: 40 }, (_, i) => ({
      key: `c${i}`,
      granted: i % 2 === 0,
      text: `t${i % 5}`,
    }));
    writeTx(db, (tx) =>
      insertLead(tx, {
        id: 'lead_1',
        formId: 'demo-ebook',
        formVersion: 1,
        email: null,
        score: 3,
        tier: 'warm',
        context: { locale: 'en' },
        answers,
        consents,
        createdAt: 0,
      }),
    );
    const lead = getLead(db, 'lead_1');
    expect(lead?.answers).toEqual(answers);
    expect(lead?.context).toEqual({ locale: 'en' });
    expect(lead?.consents.map(({ key, granted, text }) => ({ key, granted, text }))).toEqual(consents);
  });
});
