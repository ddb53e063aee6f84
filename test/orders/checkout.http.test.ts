import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCart } from '../../src/shop/cart/cart.ts';
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

const origin = 'http://localhost:3000';
const cart = `hs_cart=${encodeCart([{ slug: 'aurora-lace-brief', size: 'S', quantity: 2 }])}`;
const staffToken = 'staff-token-for-tests-0123456789';

const post = (path: string, body: Record<string, string>, cookie = cart): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'text/html',
    origin,
    cookie,
  },
  body: new URLSearchParams(body).toString(),
});

const guest = {
  name: 'Liisa Kotiranta',
  email: 'liisa.kotiranta@example.fi',
  phone: '+358409998877',
  street: 'Satamakatu 4',
  postalCode: '00160',
  city: 'Helsinki',
  carrier: 'budbee',
  step: 'place',
};

describe('checkout over HTTP', () => {
  let services: TestServices;
  let smtp: TestSmtp;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    smtp = await startSmtp();
    services = await createTestServices({ SMTP_URL: smtp.url, STAFF_API_TOKEN: staffToken });
    app = createApp(services);
  });
  afterAll(async () => {
    await services?.close();
    await smtp?.stop();
  });

  it('shows the form with estimates for the postal code, in Finnish', async () => {
    const res = await app.request('/checkout?postalCode=70620&lang=fi', {
      headers: { cookie: cart },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Kassa');
    expect(html).toMatch(/Budbee – 1 arkipäivää/);
    expect(html).toContain('<label for="f-identityCode">');
  });

  it('an invalid identity code gets an inline error and is not echoed back', async () => {
    const res = await app.request(
      '/checkout',
      post('/checkout', { ...guest, paymentMethod: 'invoice', identityCode: '131052-308X' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="f-identityCode-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain('131052-308X');
    expect(await services.database.db.selectFrom('orders').selectAll().execute()).toEqual([]);
  });

  it('ignores prices sent by the client and places a guest order with a confirmation mail', async () => {
    const res = await app.request(
      '/checkout',
      post('/checkout', {
        ...guest,
        paymentMethod: 'bank',
        bank: 'op',
        unitPriceCents: '1',
        totalCents: '1',
      }),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Thank you! Your order was placed.');
    expect(html).toMatch(/49,80|49\.80/);
    expect(res.headers.get('set-cookie')).toMatch(/hs_cart=;/);
    const mail = await smtp.waitFor(guest.email);
    expect(mail.subject).toMatch(/^Order HS-[0-9A-F]{10} confirmed$/);
  });

  it('a changed total is refused with 409 and the new total', async () => {
    const res = await app.request(
      '/checkout',
      post('/checkout', {
        ...guest,
        paymentMethod: 'bank',
        bank: 'op',
        expectedTotalCents: '100',
        quotedCarrier: 'budbee',
      }),
    );
    expect(res.status).toBe(409);
  });

  it('staff transitions need the bearer token and refuse invalid steps', async () => {
    const [order] = await services.database.db.selectFrom('orders').select('id').execute();
    const call = (path: string, token?: string) =>
      app.request(`/api/staff/orders/${order!.id}/${path}`, {
        method: 'POST',
        headers: { origin, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    expect((await call('shipped')).status).toBe(401);
    expect((await call('shipped', 'wrong-token-wrong-token-wrong')).status).toBe(403);
    expect((await call('delivered', staffToken)).status).toBe(409);
    expect(await (await call('shipped', staffToken)).json()).toMatchObject({ status: 'shipped' });
    expect((await call('nonsense', staffToken)).status).toBe(400);
  });

  it('bad input gets a clear 4xx and changes nothing', async () => {
    const count = async () =>
      (await services.database.db.selectFrom('orders').select('id').execute()).length;
    const before = await count();
    const unknownCarrier = await app.request(
      '/checkout',
      post('/checkout', {
        ...guest,
        carrier: 'dhl',
        paymentMethod: 'card',
        cardNumber: '4111111111111111',
      }),
    );
    expect(unknownCarrier.status).toBe(400);
    expect(await unknownCarrier.text()).toContain('id="f-carrier-error"');
    const badPhone = await app.request(
      '/checkout',
      post('/checkout', { ...guest, phone: 'call me', paymentMethod: 'bank', bank: 'op' }),
    );
    expect(badPhone.status).toBe(400);
    expect(await badPhone.text()).toContain('international form');
    const review = await app.request(
      '/products/aurora-lace-brief/reviews',
      post('/x', { rating: '5', displayName: 'X', text: 'x' }),
    );
    expect(review.status).toBe(401);
    expect(
      (await app.request('/account/orders/not-an-id', { headers: { accept: 'text/html' } })).status,
    ).toBe(303);
    expect(await count()).toBe(before);
  });

  it('order history needs a signed-in customer', async () => {
    const res = await app.request('/account/orders', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(303);
  });
});
