/**
 * The reference page's one stylesheet: the console's palette, light and dark (prefers-color-scheme), a
 * sidebar of contents on a wide screen and a short list of sections on a phone. Inline, allowed by hash.
 */
import { createHash } from 'node:crypto';

export const REFERENCE_STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --surface: #fff; --surface-2: #f0f2f5; --text: #16191d;
  --muted: #5a6370; --border: #d9dde3; --accent: #0a7d4f; --accent-soft: #e3f4ec; --focus: #1a66d2;
  --get: #0b6bcb; --get-soft: #e4effb; --post: #0a7d4f; --post-soft: #e3f4ec; --put: #8a4b00;
  --put-soft: #fdf0dc; --patch: #6b3fa0; --patch-soft: #efe7f8; --delete: #b42318; --delete-soft: #fdecea;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
@media (prefers-color-scheme: dark) { :root { --bg: #0f1216; --surface: #171b21; --surface-2: #1f242c;
  --text: #e7eaee; --muted: #a0a9b5; --border: #2c333d; --accent: #3ccf8e; --accent-soft: #143327;
  --focus: #7fb2ff; --get: #8cc0ff; --get-soft: #14273d; --post: #6fdca6; --post-soft: #153325;
  --put: #f4b65c; --put-soft: #3a2a12; --patch: #c9a8f5; --patch-soft: #2b2140; --delete: #ff9b91;
  --delete-soft: #3d1c1a; } }
*, *::before, *::after { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); font: 15px/1.55 system-ui, -apple-system, "Segoe UI",
  Roboto, "Helvetica Neue", Arial, sans-serif; -webkit-text-size-adjust: 100%; }
body { margin: 0; }
a { color: var(--accent); text-underline-offset: 2px; }
a:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
code { font-family: var(--mono); font-size: 0.88em; background: var(--surface-2); padding: 1px 5px;
  border-radius: 4px; overflow-wrap: anywhere; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 12px; top: 12px; z-index: 2; background: var(--surface); padding: 8px 12px; }
.top { background: var(--surface); border-bottom: 1px solid var(--border); }
.top-inner { max-width: 1240px; margin: 0 auto; padding: 12px 24px; display: flex; flex-wrap: wrap;
  align-items: center; gap: 8px 20px; }
.brand { display: flex; align-items: center; gap: 8px; font-weight: 700; color: var(--text);
  text-decoration: none; }
.brand-mark { width: 18px; height: 18px; border-radius: 5px; background: linear-gradient(135deg,
  var(--accent) 0 50%, var(--post) 50% 100%); }
.brand small { font-weight: 500; color: var(--muted); font-size: 1em; }
.top nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
.top nav { margin-left: auto; }
.layout { max-width: 1240px; margin: 0 auto; padding: 0 24px; display: grid;
  grid-template-columns: 260px minmax(0, 1fr); gap: 40px; }
.toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto;
  padding: 24px 0; font-size: 13.5px; }
.toc ul { list-style: none; margin: 0; padding: 0; }
.toc > ul > li { margin: 0 0 14px; }
.toc > ul > li > a { font-weight: 650; color: var(--text); text-decoration: none; }
.toc li li a { display: flex; gap: 8px; align-items: baseline; padding: 2px 0; color: var(--muted);
  text-decoration: none; }
.toc li li a:hover, .toc > ul > li > a:hover { color: var(--accent); }
.toc li li { margin-top: 3px; }
.toc-phone { display: none; }
.toc .m { flex: none; width: 46px; font: 700 10.5px/1.6 var(--mono); text-align: center; border-radius: 4px; }
main { padding: 28px 0 80px; min-width: 0; }
h1 { font-size: 28px; line-height: 1.2; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 48px 0 12px; padding-top: 8px; border-top: 1px solid var(--border); }
#overview h2 { font-size: 17px; margin: 28px 0 0; padding: 0; border: 0; }
h3 { font-size: 16px; margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 10px; }
h4 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
  margin: 18px 0 6px; }
.lead { color: var(--muted); max-width: 70ch; margin: 0; }
.meta { display: flex; flex-wrap: wrap; gap: 8px 16px; margin: 16px 0 0; padding: 0; list-style: none; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 18px 20px;
  margin: 16px 0; }
.card > p { margin: 8px 0 0; max-width: 75ch; }
.card > p:first-child { margin-top: 0; }
.summary { font-weight: 600; margin: 8px 0 0 !important; }
.path { font: 600 14.5px/1.4 var(--mono); background: none; padding: 0; overflow-wrap: anywhere; }
.m { display: inline-block; font: 700 12px/1.7 var(--mono); padding: 0 7px; border-radius: 5px;
  text-transform: uppercase; }
.m-get { color: var(--get); background: var(--get-soft); }
.m-post { color: var(--post); background: var(--post-soft); }
.m-put { color: var(--put); background: var(--put-soft); }
.m-patch { color: var(--patch); background: var(--patch-soft); }
.m-delete { color: var(--delete); background: var(--delete-soft); }
.auth { font-size: 12.5px; color: var(--muted); margin-left: auto; }
.props, .union { list-style: none; margin: 0; padding: 0; }
.card > .props > .prop:first-child { border-top: 0; padding-top: 0; }
.props .props, .union .props, .props .union { margin: 6px 0 2px 4px; padding-left: 14px;
  border-left: 2px solid var(--border); }
.prop { padding: 7px 0; border-top: 1px solid var(--border); }
.props .props .prop:first-child, .union .prop:first-child { border-top: 0; }
.prop-head { display: flex; flex-wrap: wrap; gap: 2px 10px; align-items: baseline; }
.prop-name { font-weight: 700; background: none; padding: 0; }
.prop-type { font-size: 13px; color: var(--muted); }
.req { font-size: 11.5px; font-weight: 650; color: var(--delete); }
.prop-facts, .type-line, .note { font-size: 13px; color: var(--muted); margin: 2px 0 0; }
.prop-desc { margin-top: 2px; max-width: 75ch; }
.union-head { font-size: 13px; font-weight: 650; margin-top: 8px; }
details { border-top: 1px solid var(--border); }
details:last-child { border-bottom: 1px solid var(--border); }
summary { cursor: pointer; padding: 8px 0; display: flex; gap: 10px; align-items: baseline; }
summary::marker { color: var(--muted); }
.status { font: 700 13px var(--mono); min-width: 2.6em; }
.s2 { color: var(--post); } .s3 { color: var(--get); } .s4, .s5 { color: var(--delete); }
details > div { padding: 0 0 12px 18px; }
.media { font-size: 12.5px; color: var(--muted); margin: 0 0 6px; }
pre code { background: none; padding: 0; font-size: 1em; }
pre { font: 12.5px/1.5 var(--mono); background: var(--surface-2); border-radius: 6px; padding: 10px 12px;
  overflow-x: auto; margin: 8px 0 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px 6px 0; border-top: 1px solid var(--border); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 650; }
@media (max-width: 860px) {
  .layout { display: block; padding: 0 16px; }
  .top-inner { padding: 10px 16px; }
  .top nav { margin-left: 0; font-size: 14px; }
  .toc { display: none; }
  .toc-phone { display: block; margin: 12px 0 0; border: 1px solid var(--border); border-radius: 8px;
    background: var(--surface); padding: 0 14px; }
  .toc-phone:last-child { border-bottom: 1px solid var(--border); }
  .toc-phone summary { font-weight: 650; padding: 10px 0; }
  .toc-phone ul { list-style: none; margin: 0; padding: 0 0 10px; columns: 2; column-gap: 16px; }
  .toc-phone li { break-inside: avoid; padding: 3px 0; font-size: 14px; }
  main { padding-top: 8px; }
  h1 { font-size: 24px; }
  .card { padding: 14px; margin: 12px -4px; }
  .auth { margin-left: 0; width: 100%; }
  details > div { padding-left: 4px; }
}
`;

/** The CSP source that allows this stylesheet, and no other inline style. */
export const REFERENCE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(REFERENCE_STYLE).digest('base64')}'`;
