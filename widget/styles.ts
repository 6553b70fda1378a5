/**
 * The widget's stylesheet, adopted into each shadow root. `:host{all:initial!important}` cuts every
 * inherited property off from the page: `!important` because an outer page rule such as `*{all:unset}`
 * would otherwise beat a `:host` rule (CSS Scoping, cascade of encapsulation contexts). Sizes are px,
 * never rem, and only `--lg-*` variables are read, so neither the page's root font size nor its other
 * custom properties reach in. Dark colours follow the page's preference unless `data-theme` says otherwise.
 */
// light-dark() picks by the host's color-scheme: the visitor's preference, or the one data-theme sets.
export const css = `
:host{all:initial!important;display:block!important;color-scheme:light dark!important;--t:var(--lg-text,light-dark(#1d2433,#e8eaf0));--b:var(--lg-bg,light-dark(#fff,#161a22));--m:var(--lg-muted,light-dark(#5b6475,#a3acbd));--e:var(--lg-error,light-dark(#b42318,#ff8f85));--d:var(--lg-border,light-dark(#8a93a3,#5a6272));--i:var(--lg-input-bg,light-dark(#fff,#0f1218));--a:var(--lg-accent,light-dark(#1f5eff,#8fb0ff));--at:var(--lg-accent-text,light-dark(#fff,#0b1020));--r:var(--lg-radius,8px);--f:var(--lg-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif)}
:host([data-theme=light]){color-scheme:light!important}
:host([data-theme=dark]){color-scheme:dark!important}
form,.lg-card,dialog{font:16px/1.45 var(--f);color:var(--t);text-align:left}
*,*::before,*::after{box-sizing:border-box}
form,.lg-card{display:grid;gap:14px;background:var(--b);padding:16px;border-radius:var(--r)}
dialog form,dialog .lg-card{padding:0}
h2{font-size:22px;line-height:1.25;margin:0;font-weight:700}
h3{font-size:18px;line-height:1.3;margin:0;font-weight:600}
p{margin:0}
a{color:var(--a)}
.lg-field{display:grid;gap:6px;border:0;margin:0;padding:0;min-width:0}
label,legend{font-weight:600;font-size:15px;padding:0}
.lg-help,.lg-progress{font-size:14px;color:var(--m)}
.lg-progress{display:grid;gap:6px}
progress{width:100%;height:6px;accent-color:var(--a)}
input:not([type=checkbox]):not([type=radio]),select,textarea{display:block;width:100%;font:inherit;color:inherit;background:var(--i);border:1px solid var(--d);border-radius:var(--r);padding:10px 12px;margin:0;min-height:44px}
.lg-choice{display:flex;gap:10px;align-items:flex-start;font-weight:400}
.lg-choice input{width:20px;height:20px;margin:1px 0 0;flex:none;accent-color:var(--a)}
[aria-invalid=true]{border-color:var(--e)!important}
.lg-error{color:var(--e);font-size:14px}
:focus-visible{outline:3px solid var(--lg-focus,var(--a));outline-offset:2px}
.lg-actions{display:flex;gap:10px;flex-wrap:wrap}
button,.lg-button{display:inline-block;font:600 16px/1.45 var(--f);text-decoration:none;text-align:center;cursor:pointer;border:1px solid var(--a);border-radius:var(--r);padding:11px 18px;min-height:44px;background:var(--a);color:var(--at)}
button[disabled]{opacity:.6;cursor:progress}
.lg-secondary,.lg-close{background:transparent;color:var(--a)}
dialog{border:0;padding:0;margin:auto;border-radius:var(--r);background:var(--b);max-width:min(520px,calc(100vw - 32px));max-height:calc(100vh - 32px);overflow:auto}
dialog::backdrop{background:#0a0e16a0}
.lg-slide{position:fixed;inset:auto 16px 16px auto;margin:0;width:min(380px,calc(100vw - 32px));z-index:var(--lg-z,2147483000);box-shadow:0 8px 40px #0005}
.lg-left{inset:auto auto 16px 16px}
.lg-body{padding:20px 24px 24px;display:grid;gap:8px}
.lg-close{justify-self:end;border:0;font-size:24px;line-height:1;width:44px;padding:0}
`;
