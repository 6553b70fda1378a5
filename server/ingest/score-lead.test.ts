import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FormDefinition } from '../../shared/form-definition.ts';
import { demoForm } from '../forms/demo-form.ts';
import { explainScore, scoreLead } from './score-lead.ts';

const demo = v.parse(FormDefinition, demoForm);
const base = { email: 'a@b.co', monthly_bill: 'under_100', timeline: 'researching' };

describe('scoreLead', () => {
  it('adds option points, checkbox choices and range rules, then picks the highest tier reached', () => {
    // 30 landlord + 30 over $300 + 15 this year + 10 heat pump + 10 solar + 20 (≥10 homes) + 20 (≥50 homes)
    const q = scoreLead(demo, {
      ...base,
      role: 'landlord',
      properties: 60,
      monthly_bill: 'over_300',
      timeline: 'this_year',
      interests: ['heat_pump', 'solar'],
    });
    expect(q).toMatchObject({ score: 135, tier: 'sales_qualified', disqualified: false });
    expect(q.outcome.redirectUrl).toBe('/demo/book-a-call');
  });

  it('falls to lower tiers as the score drops', () => {
    expect(scoreLead(demo, { ...base, role: 'homeowner', timeline: 'this_year' })).toMatchObject({
      score: 25,
      tier: 'marketing_qualified',
    });
    expect(scoreLead(demo, { ...base, role: 'homeowner' })).toMatchObject({
      score: 10,
      tier: 'disqualified',
    });
  });

  it('lets a hard disqualifier override any score', () => {
    const q = scoreLead(demo, {
      ...base,
      role: 'renter',
      monthly_bill: 'over_300',
      timeline: 'this_quarter',
    });
    expect(q).toMatchObject({ score: 60, tier: 'disqualified', disqualified: true });
  });

  it('puts a score below every threshold in the lowest tier', () => {
    const def = v.parse(FormDefinition, {
      id: 'f',
      title: 'F',
      fields: [{ key: 'ok', type: 'checkbox', label: 'OK', points: -5 }],
      tiers: [
        { name: 'hot', minScore: 10, outcome: { message: 'Hot' } },
        { name: 'cold', minScore: 0, outcome: { message: 'Cold' } },
      ],
    });
    expect(scoreLead(def, { ok: true })).toMatchObject({ score: -5, tier: 'cold' });
  });
});

describe('explainScore', () => {
  it('lists every part that gave points, adding up to the score scoreLead gives', () => {
    const answers = {
      ...base,
      role: 'landlord',
      properties: 60,
      monthly_bill: 'over_300',
      timeline: 'this_year',
      interests: ['heat_pump', 'solar'],
    };
    const explained = explainScore(demo, answers);
    expect(explained).toMatchObject(scoreLead(demo, answers));
    expect(explained.parts).toEqual([
      { source: 'option', field: 'role', value: 'landlord', points: 30 },
      { source: 'option', field: 'monthly_bill', value: 'over_300', points: 30 },
      { source: 'option', field: 'timeline', value: 'this_year', points: 15 },
      { source: 'option', field: 'interests', value: 'heat_pump', points: 10 },
      { source: 'option', field: 'interests', value: 'solar', points: 10 },
      { source: 'rule', rule: 0, points: 20 },
      { source: 'rule', rule: 1, points: 20 },
    ]);
    expect(explained.parts.reduce((sum, p) => sum + p.points, 0)).toBe(explained.score);
    expect(explained.disqualifiedBy).toBeNull();
  });

  it('names the disqualifier that set the tier', () => {
    const explained = explainScore(demo, { ...base, role: 'renter' });
    expect(explained).toMatchObject({ tier: 'disqualified', disqualified: true, disqualifiedBy: 0 });
  });
});
