/** Where the visitor came from: page, referrer and UTM parameters, kept across the pages of one visit. */

const STORE = 'leadgate:utm';

/**
 * Reads the page's UTM parameters now (remembering them for the tab's later pages, or recalling the
 * ones an earlier page of the visit had) and returns the context to send with a submission.
 */
export function visitContext(locale: string) {
  const here = [...new URLSearchParams(location.search)].filter(([k]) => k.startsWith('utm_'));
  let utm: Record<string, string> = Object.fromEntries(here);
  try {
    if (here.length) sessionStorage.setItem(STORE, JSON.stringify(utm));
    else utm = JSON.parse(sessionStorage.getItem(STORE) ?? '{}');
  } catch {
    // Storage blocked: the current page's parameters are all we know.
  }
  // The language the server chose for the texts shown, so it records consent in that language.
  return () => ({ pageUrl: location.href, referrer: document.referrer, utm, locale });
}
