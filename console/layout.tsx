/** The frame of every signed-in page: skip link, header with the page registry's navigation, sign-out. */
import { type ComponentChildren, h } from 'preact';
import { Link } from './components/link.tsx';
import type { PageDef } from './pages.tsx';

export function Layout({
  nav,
  currentNav,
  onSignOut,
  children,
}: {
  nav: PageDef[];
  currentNav: PageDef | undefined;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <Link to="/" class="brand">
            <span class="brand-mark" aria-hidden="true" />
            Leadgate
          </Link>
          <nav aria-label="Console" class="nav">
            <ul>
              {nav.map((p) => (
                <li key={p.pattern}>
                  <Link to={p.pattern} class="nav-link" current={p === currentNav}>
                    {p.nav}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {/* A page of the server, not of the console: a plain link, leaving the app. */}
          <a class="nav-link docs-link" href="/docs">
            API docs
          </a>
          <button type="button" class="button button-quiet sign-out" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} class="main">
        {children}
      </main>
    </div>
  );
}
