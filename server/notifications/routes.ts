/** `GET /v1/admin/notifications`: whether email notifications can be sent, and if not, why. */
import { Hono } from 'hono';
import type { NotificationStatus } from '../../shared/admin-api.ts';
import type { SmtpConfig } from '../config.ts';
import { noQuery } from '../http/query.ts';

/** Mounted at `/v1/admin/notifications`. */
export function notificationRoutes({ smtp }: { smtp: SmtpConfig | undefined }) {
  const app = new Hono();
  app.get('/', noQuery, (c) =>
    c.json({
      email: smtp
        ? { available: true, from: smtp.from, host: new URL(smtp.url).host }
        : {
            available: false,
            reason:
              'Email notifications are off: set LEADGATE_SMTP_URL (and LEADGATE_SMTP_FROM) and restart Leadgate.',
          },
    } satisfies NotificationStatus),
  );
  return app;
}
