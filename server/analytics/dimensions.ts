/**
 * Where a count came from, kept coarse and bounded: UTM source, medium and campaign cut short and
 * lowercased, and the referring page reduced to its host. Nothing here can name a person.
 */

/** What a dimension holds when the visit had no such value. */
export const NONE = '';
/** What a dimension holds for values past the per-form, per-day cap. */
export const OTHER = '(other)';
/** Longest UTM value kept; longer ones are cut. */
export const MAX_UTM_LENGTH = 64;
/** Longest host kept (RFC 1035 §2.3.4 allows 253 characters). */
export const MAX_HOST_LENGTH = 253;

/** One visit's origin, as counted. */
export type Source = { utmSource: string; utmMedium: string; utmCampaign: string; referrer: string };

export const UNKNOWN_SOURCE: Source = { utmSource: NONE, utmMedium: NONE, utmCampaign: NONE, referrer: NONE };
export const OTHER_SOURCE: Source = {
  utmSource: OTHER,
  utmMedium: OTHER,
  utmCampaign: OTHER,
  referrer: OTHER,
};

/** A UTM value as counted: trimmed, lowercased, control characters dropped, at most 64 characters. */
export function utmValue(value: unknown): string {
  if (typeof value !== 'string') return NONE;
  return value
    .replace(/\p{Cc}/gu, '')
    .trim()
    .toLowerCase()
    .slice(0, MAX_UTM_LENGTH);
}

const HOST = /^[a-z0-9.-]+$/;

/**
 * The host of a referrer given as a URL or as a bare host: lowercased, without `www.`, port or user;
 * NONE when there is none, or when it is the page's own site (`origin`): moving within a site is not
 * being referred to it.
 */
export function referrerHost(referrer: string | undefined, origin?: string): string {
  if (!referrer) return NONE;
  const authority = referrer.includes('//') ? (referrer.split('/')[2] ?? '') : (referrer.split('/')[0] ?? '');
  const host = (authority.split('@').pop() ?? '')
    .replace(/:\d*$/, '')
    .replace(/\.$/, '')
    .toLowerCase()
    .replace(/^www\./, '');
  if (!host || host.length > MAX_HOST_LENGTH || !HOST.test(host)) return NONE;
  return origin && host === referrerHost(origin) ? NONE : host;
}

/** The source of a visit from its UTM parameters (other `utm_*` keys are not counted) and referrer. */
export function sourceOf(
  utm: Record<string, unknown> | undefined,
  referrer: string | undefined,
  origin?: string,
): Source {
  return {
    utmSource: utmValue(utm?.utm_source),
    utmMedium: utmValue(utm?.utm_medium),
    utmCampaign: utmValue(utm?.utm_campaign),
    referrer: referrerHost(referrer, origin),
  };
}
