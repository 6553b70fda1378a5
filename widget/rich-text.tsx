/** Consent texts may hold links written `[label](url)`; only http(s) and server paths become links. */

const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|\/)[^\s)]*)\)/g;

/** The text with its links as `<a>`s opening in a new tab; `/paths` resolve against the Leadgate server. */
export function RichText({ text, origin }: { text: string; origin: string }) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    parts.push(text.slice(last, m.index));
    const href = m[2] as string;
    parts.push(
      <a href={href.startsWith('/') ? origin + href : href} target="_blank" rel="noopener noreferrer">
        {m[1]}
      </a>,
    );
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
