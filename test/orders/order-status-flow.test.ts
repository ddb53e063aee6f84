/**
 * The order status table, pair by pair, through the staff API: each allowed move answers 200
 * and changes the order; every other pair answers 409 with a message that says why, and leaves
 * the order as it was. Runs on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.ts';
import { orderStatuses, orderTransitions } from '../../src/orders/order-status-flow.ts';
import { findOrder, updateOrder } from '../../src/orders/orders.repository.ts';
import type { OrderStatus } from '../../src/orders/orders.tables.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const staffToken = 'order-flow-staff-token-0123456789';
const targets = ['paid', 'shipped', 'delivered'] as const;

describe('order status transitions', () => {
  let services: TestServices;
  let app: App;

  beforeAll(async () => {
    services = await createTestServices({ STAFF_API_TOKEN: staffToken });
    app = createApp(services);
  });
  afterAll(() => services?.close());

  /** An invoice order (placed, unpaid) set to `status` directly, as if it had got there. */
  async function orderIn(status: OrderStatus): Promise<string> {
    const order = await services.orders.place({
      customerId: undefined,
      lang: 'en',
      cart: [{ slug: 'aurora-lace-brief', size: 'M', quantity: 1 }],
      contact: {
        name: 'Flow Test',
        email: 'flow.test@example.fi',
        phone: '+358401112233',
        street: 'Testikatu 1',
        postalCode: '70100',
        city: 'Kuopio',
      },
      carrier: 'posti',
      paymentMethod: 'invoice',
      identityCode: '131052-308T',
      whatsappNotices: false,
    });
    expect(order.status).toBe('placed');
    const db = services.database.db;
    if (status !== 'placed')
      expect(await updateOrder(db, order.id, ['placed'], { status })).toBe(true);
    return order.id;
  }

  const move = (id: string, to: string, lang = 'en') =>
    app.request(`/api/staff/orders/${id}/${to}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${staffToken}`,
        origin: 'http://localhost:3000',
        'accept-language': lang,
      },
    });

  it('allows exactly placed → paid → shipped → delivered', () => {
    expect(orderTransitions).toEqual({
      placed: ['paid'],
      paid: ['shipped'],
      shipped: ['delivered'],
      delivered: [],
    });
  });

  for (const from of orderStatuses) {
    for (const to of targets) {
      const allowed = orderTransitions[from].includes(to);
      it(`${from} → ${to}: ${allowed ? '200' : '409 with the reason'}`, async () => {
        const id = await orderIn(from);
        const res = await move(id, to);
        const row = (await findOrder(services.database.db, id))!;
        if (allowed) {
          expect(res.status).toBe(200);
          expect(await res.json()).toMatchObject({ id, status: to });
          expect(row.status).toBe(to);
        } else {
          expect(res.status).toBe(409);
          const body = (await res.json()) as { code: string; message: string };
          expect(body.code).toBe('conflict');
          // The reason names where the order is, and where it cannot go.
          expect(body.message.toLowerCase()).toContain(from);
          expect(body.message.toLowerCase()).toContain(to);
          expect(row.status).toBe(from);
        }
      });
    }
  }

  it('says why in Finnish and Swedish too', async () => {
    const id = await orderIn('placed');
    const fi = (await (await move(id, 'shipped', 'fi')).json()) as { message: string };
    expect(fi.message).toBe(
      'Tilauksen tila on vastaanotettu: sen on oltava maksettu ennen kuin se voi olla lähetetty.',
    );
    const sv = (await (await move(id, 'shipped', 'sv')).json()) as { message: string };
    expect(sv.message).toBe(
      'Beställningen är mottagen: den måste vara betald innan den kan vara skickad.',
    );
  });
});
