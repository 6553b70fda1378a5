/** `GET /healthz` → 200: the server is up and its database can be written (else a 503 in the error shape). */
import * as v from 'valibot';

export const Health = v.object({ status: v.literal('ok') });
export type Health = v.InferOutput<typeof Health>;
