/**
 * The widget's entry: find our script tag(s), mount each form once. Nothing here may throw into the host
 * page; problems are logged only when the tag has `data-debug`.
 */
import { readOptions } from './config.ts';
import { mountForm } from './mount.ts';

const MOUNTED = 'leadgateMounted';

function start(script: HTMLScriptElement): void {
  const options = readOptions(script);
  // The marker makes a second copy of this script, or a second run, a no-op for this tag.
  if (!options || script.dataset[MOUNTED]) return;
  script.dataset[MOUNTED] = '1';
  const place = (host: HTMLElement) => {
    const target = options.target ? document.querySelector(options.target) : null;
    if (target) target.append(host);
    else script.after(host);
  };
  mountForm(options, place).catch((err) => {
    if (options.debug) console.error(err);
  });
}

try {
  const current = document.currentScript;
  const scripts =
    current instanceof HTMLScriptElement && current.dataset.leadgateForm
      ? [current]
      : // Injected by a tag manager or run late: currentScript may be gone, so find our tags instead.
        [...document.querySelectorAll<HTMLScriptElement>('script[data-leadgate-form]')];
  for (const script of scripts) start(script);
} catch {
  // Never break the host page.
}
