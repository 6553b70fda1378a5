/**
 * The page registry: every page of the console, the path it answers, and whether it has a place in the
 * navigation (in this order). A new page (overview, forms, webhooks) is one entry here.
 */
import { h, type VNode } from 'preact';
import { FormPage } from './pages/form.tsx';
import { NewFormPage } from './pages/form-new.tsx';
import { FormsPage } from './pages/forms.tsx';
import { KeysPage } from './pages/keys.tsx';
import { LeadPage } from './pages/lead.tsx';
import { LeadsPage } from './pages/leads.tsx';
import { NotificationsPage } from './pages/notifications.tsx';
import { OVERVIEW_PATH, OverviewPage } from './pages/overview.tsx';
import { WebhookPage } from './pages/webhook.tsx';
import { WebhooksPage } from './pages/webhooks.tsx';

export type PageProps = { params: Record<string, string>; query: URLSearchParams };

export type PageDef = {
  /** `/leads/:id`: segments starting with `:` are params. */
  pattern: string;
  /** The label in the navigation; pages without one are reached from others. */
  nav?: string;
  /** The entry of the navigation this page belongs under (a lead under Leads). */
  section?: string;
  render: (props: PageProps) => VNode;
};

export const pages: PageDef[] = [
  { pattern: OVERVIEW_PATH, nav: 'Overview', render: (p) => <OverviewPage {...p} /> },
  { pattern: '/leads', nav: 'Leads', render: (p) => <LeadsPage {...p} /> },
  { pattern: '/leads/:id', section: '/leads', render: (p) => <LeadPage {...p} /> },
  { pattern: '/forms', nav: 'Forms', render: () => <FormsPage /> },
  // Before /forms/:id, which would take `new` for an id.
  { pattern: '/forms/new', section: '/forms', render: () => <NewFormPage /> },
  { pattern: '/forms/:id', section: '/forms', render: (p) => <FormPage {...p} /> },
  { pattern: '/webhooks', nav: 'Webhooks', render: (p) => <WebhooksPage {...p} /> },
  { pattern: '/webhooks/:id', section: '/webhooks', render: (p) => <WebhookPage {...p} /> },
  { pattern: '/notifications', nav: 'Notifications', render: (p) => <NotificationsPage {...p} /> },
  { pattern: '/keys', nav: 'Admin keys', render: (p) => <KeysPage {...p} /> },
];

/** Where `/admin` itself leads: the first page of the navigation. */
export const HOME = OVERVIEW_PATH;
