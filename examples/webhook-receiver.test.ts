import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSecret, sign } from '../server/webhooks/secret.ts';
import { createReceiver } from './webhook-receiver.mjs';

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('examples/webhook-receiver.mjs', () => {
  it('accepts a signed message once, drops its duplicate and rejects a forgery', async () => {
    const secret = generateSecret();
    const handled: string[] = [];
    const server = createReceiver({ secret, onEvent: (_event: unknown, id: string) => handled.push(id) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => server.close();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const body = JSON.stringify({
      type: 'lead.created',
      timestamp: new Date().toISOString(),
      data: { id: 'lead_1' },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = (signature: string) => ({
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    });
    const good = headers(sign(secret, 'msg_1', timestamp, body));
    expect(await (await fetch(url, { method: 'POST', headers: good, body })).text()).toBe('ok');
    expect(await (await fetch(url, { method: 'POST', headers: good, body })).text()).toBe('duplicate');
    const forged = headers(sign(generateSecret(), 'msg_1', timestamp, body));
    expect((await fetch(url, { method: 'POST', headers: forged, body })).status).toBe(400);
    expect(handled).toEqual(['msg_1']);
  });
});
