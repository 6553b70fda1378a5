// The Leadgate widget from npm, in an app that bundles its own code (here with Vite: `npx vite build`).
import { mount } from 'leadgate/widget';

const server =
  document.querySelector<HTMLMetaElement>('meta[name="leadgate-server"]')?.content ?? 'http://127.0.0.1:8787';

const signup = document.getElementById('signup');
if (signup) mount(signup, { formId: 'demo-ebook', server });

// The same form as a popup behind a button of the widget's own.
const guide = document.getElementById('guide');
if (guide) mount(guide, { formId: 'demo-ebook', server, mode: 'popup', button: 'Get the energy guide' });
