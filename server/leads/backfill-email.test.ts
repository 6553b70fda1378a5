import { describe, expect, it } from 'vitest';
import { demoSubmission, testApp } from '../../tests/support/test-app.ts';
import { leads } from '../storage/schema.ts';
import { backfillLeadEmails } from './backfill-email.ts';

describe('backfillLeadEmails', () => {
  it('gives leads stored before leads.email existed their normalised email, so requests find them', async () => {
    const t = testApp();
    for (const email of ['Ada@Example.com', 'grace@example.com']) {
      const body = demoSubmission();
      body.answers.email = email;
      await t.app.request('/v1/forms/demo-ebook/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    }
    t.db.update(leads).set({ email: null }).run();
    const find = async () => (await (await t.admin('/v1/admin/people?email=ada%40example.com')).json()).data;
    expect(await find()).toEqual([]);
    expect(backfillLeadEmails(t.db)).toBe(2);
    expect(await find()).toHaveLength(1);
    expect(t.db.select({ email: leads.email }).from(leads).all()).toEqual([
      { email: 'ada@example.com' },
      { email: 'grace@example.com' },
    ]);
    expect(backfillLeadEmails(t.db)).toBe(0);
    // Done once: a later start does not walk the leads again.
    t.db.update(leads).set({ email: null }).run();
    expect(backfillLeadEmails(t.db)).toBe(0);
    expect(t.db.select({ email: leads.email }).from(leads).all()).toEqual([{ email: null }, { email: null }]);
  });
});
