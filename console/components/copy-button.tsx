/** A button that copies a text to the clipboard and says, in a live region, that it did (or could not). */
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const SAID_FOR_IN_MS = 2500;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState<string>('');
  useEffect(() => {
    if (!said) return;
    const t = setTimeout(() => setSaid(''), SAID_FOR_IN_MS);
    return () => clearTimeout(t);
  }, [said]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied');
    } catch {
      setSaid('Could not copy: select the text and copy it yourself');
    }
  };
  return (
    <span class="copy">
      <button type="button" class="button" onClick={copy} aria-label={label}>
        Copy
      </button>
      <span class="copy-said" role="status">
        {said}
      </span>
    </span>
  );
}
