/** The script tags that embed a form, one per mode (README, "The script tag"), each with a copy button. */
import { h } from 'preact';
import type { FormDefinition } from '../../shared/form-definition.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { text } from '../format.ts';

type Snippet = { name: string; about: string; code: string };

/** The snippets for form `def` served from `server` (an origin). */
export function snippetsFor(def: FormDefinition, server: string): Snippet[] {
  const id = def.id;
  // `?form=` brings the form inside the script: one round trip less for every visitor. Inline, the tag is
  // not async: the page waits for it where it stands, so nothing below moves when the form appears.
  const tag = (attrs = '') =>
    `<script src="${server}/widget.js?form=${id}" data-leadgate-form="${id}"${attrs}${attrs ? ' async' : ''}></script>`;
  const label = def.submitLabel ? text(def, def.submitLabel) : 'Open the form';
  return [
    {
      name: 'Inline',
      about:
        'The form renders where the tag stands. The page waits for it there, so nothing below it moves when it appears.',
      code: tag(),
    },
    {
      name: 'Popup with a button',
      about: 'A button where the tag stands opens the form as a modal dialog.',
      code: tag(` data-mode="popup" data-button="${label.replaceAll('"', '&quot;')}"`),
    },
    {
      name: 'Popup on exit intent',
      about:
        'Opens when the pointer leaves the page (desktop); once per visitor. Other triggers: load, delay:5 (seconds), scroll:50 (percent).',
      code: tag(' data-mode="popup" data-trigger="exit"'),
    },
    {
      name: 'Slide-in on scroll',
      about:
        'Slides in at the bottom right once half the page is read; data-position="bottom-left" moves it.',
      code: tag(' data-mode="slide-in" data-trigger="scroll:50"'),
    },
    {
      name: 'Your own link or button',
      about: 'Any element with data-leadgate-open opens the form as a popup; the tag loads the widget.',
      code: `<a href="#" data-leadgate-open="${id}">${label}</a>\n${tag(' data-mode="popup"')}`,
    },
    {
      name: 'From npm',
      about: 'For apps that bundle their scripts: import the widget from the leadgate package.',
      code: `import { mount } from 'leadgate/widget';\nmount(document.getElementById('signup'), { form: '${id}', server: '${server}' });`,
    },
  ];
}

export function EmbedSection({ def }: { def: FormDefinition }) {
  return (
    <section class="card" aria-labelledby="embed-heading">
      <h2 id="embed-heading">Embed</h2>
      <p class="muted">
        Paste one of these into your page. The form follows its current version everywhere it is embedded,
        within a minute of a change. Other options (<code>data-locale</code>, <code>data-theme</code>,{' '}
        <code>data-target</code>) are in the README.
      </p>
      <ul class="snippets">
        {snippetsFor(def, location.origin).map((s) => (
          <li key={s.name} class="snippet">
            <div class="snippet-head">
              <h3>{s.name}</h3>
              <CopyButton text={s.code} label={`Copy the ${s.name.toLowerCase()} snippet`} />
            </div>
            <p class="muted small">{s.about}</p>
            <pre class="snippet-code">
              <code>{s.code}</code>
            </pre>
          </li>
        ))}
      </ul>
    </section>
  );
}
