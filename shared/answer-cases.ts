/**
 * One table of answer cases for the demo form, with the issues each must produce. The shared checker,
 * the server's API and the widget's submission path all run it: that is how we know they agree.
 */

type Values = Record<string, unknown>;

/** A complete, valid submission of the demo form (a sales-qualified landlord). */
export const VALID: { answers: Values; consents: Values } = {
  answers: {
    email: 'ada@example.com',
    name: 'Ada',
    role: 'landlord',
    properties: 12,
    monthly_bill: 'over_300',
    timeline: 'this_year',
    interests: ['heat_pump'],
  },
  consents: { privacy: true },
};

export type AnswerCase = {
  name: string;
  answers: Values;
  consents?: Values;
  /** `path: code` of each issue, in order; empty when the submission is accepted. */
  issues: string[];
};

// RFC 5321 §4.5.3.1: a local part of at most 64 octets, a path of 256 with its brackets (254 without).
const LOCAL_64 = 'a'.repeat(64);
const DOMAIN_189 = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;

const without = (key: string): Values =>
  Object.fromEntries(Object.entries(VALID.answers).filter(([k]) => k !== key));

export const ANSWER_CASES: AnswerCase[] = [
  { name: 'a complete submission', answers: VALID.answers, issues: [] },
  { name: 'an optional field left out', answers: without('name'), issues: [] },
  { name: 'optional checkboxes left empty', answers: { ...VALID.answers, interests: [] }, issues: [] },
  { name: 'a missing required field', answers: without('email'), issues: ['answers.email: required'] },
  {
    name: 'an empty required field',
    answers: { ...VALID.answers, email: '  ' },
    issues: ['answers.email: required'],
  },
  {
    name: 'a malformed email',
    answers: { ...VALID.answers, email: 'ada@' },
    issues: ['answers.email: email'],
  },
  {
    name: 'an email of the longest lengths RFC 5321 allows',
    answers: { ...VALID.answers, email: `${LOCAL_64}@${DOMAIN_189}` },
    issues: [],
  },
  {
    name: 'an email with a 65-character local part',
    answers: { ...VALID.answers, email: `${LOCAL_64}a@example.com` },
    issues: ['answers.email: email'],
  },
  {
    name: 'an email of 255 characters',
    answers: { ...VALID.answers, email: `${LOCAL_64}@b${DOMAIN_189}` },
    issues: ['answers.email: email'],
  },
  {
    name: 'an option that does not exist',
    answers: { ...VALID.answers, role: 'king' },
    issues: ['answers.role: option'],
  },
  {
    name: 'a number as text',
    answers: { ...VALID.answers, properties: '12' },
    issues: ['answers.properties: number'],
  },
  {
    name: 'a fraction where whole numbers are asked',
    answers: { ...VALID.answers, properties: 2.5 },
    issues: ['answers.properties: integer'],
  },
  {
    name: 'a number below the minimum',
    answers: { ...VALID.answers, properties: 0 },
    issues: ['answers.properties: min'],
  },
  {
    name: 'text too long',
    answers: { ...VALID.answers, name: 'x'.repeat(121) },
    issues: ['answers.name: max_length'],
  },
  { name: 'a wrong type', answers: { ...VALID.answers, name: 42 }, issues: ['answers.name: type'] },
  {
    name: 'an unknown checkbox choice',
    answers: { ...VALID.answers, interests: ['jacuzzi'] },
    issues: ['answers.interests: option'],
  },
  { name: 'an unknown field', answers: { ...VALID.answers, score: 100 }, issues: ['answers.score: unknown'] },
  {
    name: 'a field shown by logic and left out',
    answers: without('properties'),
    issues: ['answers.properties: required'],
  },
  {
    name: 'an answer to a field hidden by logic (accepted, dropped)',
    answers: { ...VALID.answers, role: 'homeowner', properties: 'not even a number' },
    issues: [],
  },
  {
    name: 'a required consent refused',
    answers: VALID.answers,
    consents: { privacy: false },
    issues: ['consents.privacy: must_accept'],
  },
  {
    name: 'a required consent missing',
    answers: VALID.answers,
    consents: {},
    issues: ['consents.privacy: must_accept'],
  },
  {
    name: 'a consent that is not a boolean',
    answers: VALID.answers,
    consents: { privacy: true, marketing: 'yes' },
    issues: ['consents.marketing: boolean'],
  },
  {
    name: 'an unknown consent',
    answers: VALID.answers,
    consents: { privacy: true, sell_my_data: true },
    issues: ['consents.sell_my_data: unknown'],
  },
  {
    name: 'a hidden field filled from the page',
    answers: { ...VALID.answers, campaign: 'winter' },
    issues: [],
  },
];
