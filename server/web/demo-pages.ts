/** The demo landing page (the widget embedded by its script tag) and the pages its outcomes link to. */
import { createHash } from 'node:crypto';
import { DEMO_FORM_ID } from '../forms/demo-form.ts';

const PAGE_STYLE = `  body { font: 17px/1.5 system-ui, sans-serif; margin: 0; color: #1d2433; background: #f6f7f4; }
  main { max-width: 1040px; margin: 0 auto; padding: 48px 24px; display: grid; gap: 48px;
         grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); align-items: start; }
  h1 { font-size: 2.4rem; line-height: 1.15; margin: 0 0 16px; }
  li { margin: 6px 0; }
  .paper { background: #fff; border-radius: 12px; padding: 24px; box-shadow: 0 2px 18px rgba(0,0,0,.06); }
`;

/** The CSP source that allows the pages' one inline stylesheet, and nothing else inline. */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/** The tag a site owner pastes, pointing at this server. */
export function scriptTag(publicUrl: string, formId = DEMO_FORM_ID): string {
  // `?form=` brings the form inside the script: it shows with no request after it. Not async: the page
  // waits for the form where the tag stands, so nothing below it moves when it appears.
  return `<script src="${publicUrl}/widget.js?form=${formId}" data-leadgate-form="${formId}"></script>`;
}

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;

/** `GET /demo`: a gated e-book landing page embedding the demo form. */
export function demoPage(publicUrl: string): string {
  return page(
    'Reduce your home energy costs — free guide',
    `<section>
  <h1>Your guide to reducing home energy costs</h1>
  <p>Heating, hot water and appliances, ranked by what each measure costs and how fast it pays back.</p>
  <ul>
    <li>The five upgrades that pay for themselves within two winters</li>
    <li>How to read your bill and spot the biggest losses</li>
    <li>Grants and tax credits, and how to claim them</li>
  </ul>
</section>
<section class="paper">
  ${scriptTag(publicUrl)}
</section>`,
  );
}

/** The gated content itself. */
export function guidePage(): string {
  return page(
    'Your guide to reducing home energy costs',
    `<article class="paper"><h1>Your guide to reducing home energy costs</h1>
<p>1. Seal the draughts. 2. Insulate the loft. 3. Turn the boiler flow temperature down to 55 °C.
4. Fit thermostatic radiator valves. 5. Consider a heat pump once the first four are done.</p></article>`,
  );
}

/** Where sales-qualified leads are sent. */
export function bookCallPage(): string {
  return page(
    'Book a call',
    `<article class="paper"><h1>Book a free 20-minute call</h1>
<p>This is the demo's booking page. In a real form, the sales-qualified outcome redirects to your scheduler.</p></article>`,
  );
}

/** The privacy notice the demo's consent links to. */
export function privacyPage(): string {
  return page(
    'Privacy notice',
    `<article class="paper"><h1>Privacy notice (demo)</h1>
<p>The demo stores your answers and consents in this Leadgate server's SQLite file to send you the guide.
Nothing leaves this machine unless its operator registers a webhook.</p></article>`,
  );
}
