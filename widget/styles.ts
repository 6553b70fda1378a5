/**
 * The widget's stylesheet, adopted into its shadow root. `:host { all: initial }` cuts inheritance from
 * the page; sizes are px, never rem, so the page's root font size does not reach in. Only `--lg-*`
 * variables are read, so the host's other custom properties cannot change the look.
 */
export const css = `
:host{all:initial;display:block;contain:content;color:var(--lg-text,#1d2433);font:16px/1.45 var(--lg-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);text-align:left}
*,*::before,*::after{box-sizing:border-box}
form,.lg-card{display:grid;gap:14px;background:var(--lg-bg,#fff);padding:4px}
h2{font-size:22px;line-height:1.25;margin:0;font-weight:700}
h3{font-size:18px;line-height:1.3;margin:0;font-weight:600}
a{color:var(--lg-accent,#1f5eff)}
.lg-progress{display:grid;gap:6px;font-size:14px;color:var(--lg-muted,#5b6475)}
progress{width:100%;height:6px;accent-color:var(--lg-accent,#1f5eff)}
.lg-actions{display:flex;gap:10px;flex-wrap:wrap}
p{margin:0}
.lg-field{display:grid;gap:6px;border:0;margin:0;padding:0;min-width:0}
label,legend{font-weight:600;font-size:15px;padding:0}
.lg-help{font-size:14px;color:var(--lg-muted,#5b6475)}
.lg-req{color:var(--lg-error,#b42318)}
input:not([type=checkbox]):not([type=radio]),select,textarea{display:block;width:100%;font:inherit;color:inherit;background:var(--lg-input-bg,#fff);border:1px solid var(--lg-border,#9aa3b2);border-radius:var(--lg-radius,8px);padding:10px 12px;margin:0;min-height:44px}
.lg-choice{display:flex;gap:10px;align-items:flex-start;font-weight:400;font-size:15px}
.lg-choice input{width:20px;height:20px;margin:1px 0 0;flex:none;accent-color:var(--lg-accent,#1f5eff)}
[aria-invalid=true]{border-color:var(--lg-error,#b42318)!important}
.lg-error{color:var(--lg-error,#b42318);font-size:14px}
:focus-visible{outline:3px solid var(--lg-focus,#1f5eff);outline-offset:2px}
button,.lg-button{display:inline-block;font:inherit;font-weight:600;text-decoration:none;text-align:center;cursor:pointer;border:0;border-radius:var(--lg-radius,8px);padding:12px 18px;min-height:44px;background:var(--lg-accent,#1f5eff);color:var(--lg-accent-text,#fff)}
button[disabled]{opacity:.6;cursor:progress}
.lg-secondary{background:transparent;color:var(--lg-accent,#1f5eff);border:1px solid currentColor}
.lg-status{font-size:15px}
`;
