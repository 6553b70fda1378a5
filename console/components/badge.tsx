/** A short status word in a coloured pill; the word itself carries the meaning, never the colour alone. */
import { type ComponentChildren, h } from 'preact';

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'accent';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

/** The tone of a tier, by its usual names; any other tier is neutral. */
export function tierTone(tier: string): Tone {
  if (/disqualified|spam|reject/.test(tier)) return 'bad';
  if (/sales/.test(tier)) return 'good';
  if (/marketing|qualified/.test(tier)) return 'accent';
  return 'neutral';
}
