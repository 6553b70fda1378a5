/**
 * The widget's stylesheet, adopted into each shadow root. `:host{all:initial!important}` cuts every
 * inherited property off from the page: `!important` because an outer page rule such as `*{all:unset}`
 * would otherwise beat a `:host` rule (CSS Scoping, cascade of encapsulation contexts). Sizes are px,
 * never rem, and only `--lg-*` variables are read, so neither the page's root font size nor its other
 * custom properties reach in. Dark colours follow the page's preference unless `data-theme` says otherwise.
 */
// light-dark() and the system colours (Canvas, CanvasText, Field) follow the host's color-scheme: the
// visitor's preference, or --lg-scheme (which data-theme sets).
// One rule a line, joined without newlines: each would be two bytes (`\n`) in the built string.
export const css =
  ':host{all:initial!important;display:block!important;min-height:var(--lg-min-height)!important;color-scheme:var(--lg-scheme,light dark)!important;--t:var(--lg-text,CanvasText);--b:var(--lg-bg,Canvas);--m:var(--lg-muted,light-dark(#5b6475,#a3acbd));--e:var(--lg-error,light-dark(#b42318,#ff8f85));--a:var(--lg-accent,light-dark(#1f5eff,#8fb0ff));--r:var(--lg-radius,8px);--f:var(--lg-font,system-ui,sans-serif)}' +
  '*{box-sizing:border-box;accent-color:var(--a)}' +
  // Inline, the form is part of the page: no box of its own (a card around it is the page's), so no
  // padding stacks on the page's at 375 px. A popup or slide-in is the box.
  'form,.card,dialog{font:16px/1.45 var(--f);color:var(--t);border-radius:var(--r);border:0}' +
  'dialog{background:var(--b)}' +
  'form,.card,.field,.body,.progress{display:grid;gap:14px;padding:0;margin:0;min-width:0;border:0}' +
  '.field,.progress{gap:6px}' +
  'h2{font:700 22px/1.25 var(--f)}' +
  'h3{font:600 18px/1.3 var(--f)}' +
  'h2,h3,p{margin:0}' +
  'a{color:var(--a)}' +
  'label,legend{font-weight:600;font-size:15px;padding:0}' +
  '.help,.progress{font-size:14px;color:var(--m)}' +
  'progress{width:100%}' +
  'input:not([type=checkbox],[type=radio]),select,textarea{width:100%;font:inherit;color:inherit;background:var(--lg-input-bg,Field);border:1px solid var(--lg-border,var(--m));border-radius:var(--r);padding:10px 12px;margin:0;min-height:44px}' +
  // 44 px a row: a radio or checkbox is as easy to hit as an input.
  '.choice{display:flex;gap:10px;font-weight:400;padding:12px 0}' +
  '.choice input{width:20px;height:20px;margin:1px 0 0;flex:none}' +
  // An error is more than a colour: a 2 px border (drawn inside, so nothing moves) and a mark.
  ':is(input,select,textarea)[aria-invalid=true]{border-color:var(--e)!important;box-shadow:inset 0 0 0 1px var(--e)}' +
  '.error{color:var(--e);font-size:14px}' +
  '.mark,.error:before{display:inline-grid;place-items:center;border-radius:50%;color:var(--b)}' +
  '.error:before{content:"!";width:18px;height:18px;margin-right:6px;background:var(--e);font:700 13px/1 var(--f)}' +
  ':focus-visible{outline:3px solid var(--lg-focus,var(--a));outline-offset:2px}' +
  // Headings take focus so a screen reader reads the new step; they are not controls, so no ring.
  '[tabindex="-1"]{outline:0}' +
  '.actions{display:flex;gap:10px;flex-wrap:wrap}' +
  'button,.button{font:600 16px/1.45 var(--f);text-decoration:none;text-align:center;cursor:pointer;border:1px solid var(--a);border-radius:var(--r);padding:11px 18px;min-height:44px;background:var(--a);color:var(--lg-accent-text,Canvas)}' +
  'button[disabled]{opacity:.6;cursor:progress}' +
  '.secondary,.close{background:0;color:var(--a)}' +
  // Hung from the top rather than centred: a popup that grows (an error, a longer step) grows downwards.
  'dialog{padding:0;border:1px solid #8886;margin:5vh auto auto;max-width:min(520px,100vw - 16px);max-height:90vh;overflow:auto}' +
  'dialog::backdrop{background:#000a}' +
  '.slide{position:fixed;inset:auto 16px 16px auto;margin:0;width:min(380px,100vw - 32px);z-index:var(--lg-z,2147483000);box-shadow:0 8px 40px #0005}' +
  '.left{inset:auto auto 16px 16px}' +
  '.hp{position:absolute;left:-1e4px}' +
  '.body{padding:24px;position:relative}' +
  // The close control sits level with the title, in the corner, rather than in a row of its own.
  '.close{position:absolute;top:12px;right:12px;border:0;font-size:24px;line-height:1;width:44px;padding:0}' +
  'dialog h2{padding-right:40px}' +
  '.mark{width:48px;height:48px;background:var(--a);font-size:26px}' +
  '@media(max-width:480px){.body{padding:16px}.slide{inset:auto 8px 8px;width:auto;max-height:50vh}}';
