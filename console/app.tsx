/** The console: the session first (sign-in form until there is one), then the page the path names. */
import { h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { SessionInfo } from '../shared/admin-api.ts';
import { currentSession, onSignedOut, signOut } from './api.ts';
import { Failure, Loading } from './components/status.tsx';
import { flash } from './flash.ts';
import { Layout } from './layout.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { HOME, pages } from './pages.tsx';
import { matchPath, navigate, useLocation } from './router.ts';

type State =
  | { kind: 'checking' }
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; session: SessionInfo }
  | { kind: 'failed'; error: unknown };

export function App() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const loc = useLocation();
  const firstPath = useRef(true);

  useEffect(() => {
    currentSession().then(
      (session) => setState(session ? { kind: 'signed-in', session } : { kind: 'signed-out' }),
      (error) => setState({ kind: 'failed', error }),
    );
    return onSignedOut(() => setState({ kind: 'signed-out' }));
  }, []);

  useEffect(() => {
    if (loc.path === '/') navigate(HOME, { replace: true });
  }, [loc.path]);

  // After in-app navigation, focus goes to the new page's heading, as a page load would reset it.
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.focus();
  }, [loc.path]);

  const doSignOut = useCallback(async () => {
    try {
      await signOut();
    } finally {
      flash('You are signed out.');
      setState({ kind: 'signed-out' });
    }
  }, []);

  if (state.kind === 'checking')
    return (
      <main class="center">
        <Loading what="the console" />
      </main>
    );
  if (state.kind === 'failed')
    return (
      <main class="center">
        <Failure error={state.error} />
      </main>
    );
  if (state.kind === 'signed-out') {
    return <SignInPage onSignedIn={(session) => setState({ kind: 'signed-in', session })} />;
  }

  let match: { page: (typeof pages)[number]; params: Record<string, string> } | undefined;
  for (const page of pages) {
    const params = matchPath(page.pattern, loc.path);
    if (params) {
      match = { page, params };
      break;
    }
  }
  const nav = pages.filter((p) => p.nav);
  const section = match && nav.find((p) => p.pattern === (match.page.section ?? match.page.pattern));
  return (
    <Layout nav={nav} currentNav={section} onSignOut={doSignOut}>
      {match ? match.page.render({ params: match.params, query: loc.query }) : <NotFoundPage />}
    </Layout>
  );
}
