import { describe, expect, it } from 'vitest';
import { conditionFields, matches } from './conditions.ts';
import type { Condition } from './form-definition.ts';

const answers = { role: 'landlord', homes: 12, tools: ['crm', 'sheet'], agree: true, empty: '' };

describe('matches', () => {
  it.each<[Condition, boolean]>([
    [{ field: 'role', equals: 'landlord' }, true],
    [{ field: 'role', notEquals: 'landlord' }, false],
    [{ field: 'role', oneOf: ['renter', 'landlord'] }, true],
    [{ field: 'role', notOneOf: ['renter', 'landlord'] }, false],
    [{ field: 'homes', gt: 12 }, false],
    [{ field: 'homes', gte: 12, lt: 50 }, true],
    [{ field: 'homes', lte: 11 }, false],
    [{ field: 'role', gt: 1 }, false],
    [{ field: 'tools', equals: 'crm' }, true],
    [{ field: 'tools', oneOf: ['erp', 'sheet'] }, true],
    [{ field: 'agree', equals: true }, true],
    [{ field: 'missing', answered: false }, true],
    [{ field: 'empty', answered: true }, false],
    [{ field: 'missing', notEquals: 'x' }, true],
    [
      {
        all: [
          { field: 'role', equals: 'landlord' },
          { field: 'homes', gte: 10 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { field: 'role', equals: 'landlord' },
          { field: 'homes', gte: 100 },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { field: 'role', equals: 'renter' },
          { field: 'homes', gte: 10 },
        ],
      },
      true,
    ],
    [{ not: { field: 'role', equals: 'landlord' } }, false],
  ])('%j → %s', (condition, expected) => {
    expect(matches(condition, answers)).toBe(expected);
  });

  it('lists the fields a condition reads', () => {
    expect(
      conditionFields({ any: [{ field: 'a', equals: 1 }, { not: { all: [{ field: 'b', gt: 2 }] } }] }),
    ).toEqual(['a', 'b']);
  });
});
