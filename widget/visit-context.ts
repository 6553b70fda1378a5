/** Where the visitor came from: page, referrer and UTM parameters, kept across the pages of one visit. */

const STORE = 'leadgate:utm';

/** The context sent with a submission; UTM parameters are the visit's first, remembered per tab. */
export function visitContext(locale: string) {
  return () => {
    const here = [...new URLSearchParams(location.search)].filter(([k]) => k.startsWith('utm_'));
    let utm: Record<string, string> = Object.fromEntries(here);
    try {
      if (here.length) sessionStorage.setItem(STORE, JSON.stringify(utm));
      else utm = JSON.parse(sessionStorage.getItem(STORE) ?? '{}');
    } catch {
      // Storage blocked: the current page's parameters are all we know.
    }
    // The language the server chose for the texts shown, so it records consent in that language.
    return { pageUrl: location.href, referrer: document.referrer, utm, locale };
  };
}
