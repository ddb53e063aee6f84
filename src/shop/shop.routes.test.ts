import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../test/support/services.ts';
import { createApp } from '../app/app.ts';
import { encodeCart } from './cart/cart.ts';

const origin = 'http://localhost:3000';
const html = { accept: 'text/html' };

describe('shop routes', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    services = await createTestServices();
    app = createApp(services);
  });
  afterAll(() => services?.close());

  const get = (path: string, cookie?: string, headers: Record<string, string> = html) =>
    app.request(path, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  const post = (
    path: string,
    body: Record<string, string>,
    cookie?: string,
    accept = 'text/html',
  ) =>
    app.request(path, {
      method: 'POST',
      headers: {
        accept,
        origin,
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(body).toString(),
    });
  const cartCookie = (res: Response) =>
    /hs_cart=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

  it('shows the shop front in each language', async () => {
    const en = await (await get('/?lang=en')).text();
    expect(en).toContain('<h1>Lingerie made in comfort</h1>');
    expect(en).toContain('Aurora lace balconette');
    expect(en).toContain('href="/category/nightwear"');
    const fi = await (await get('/?lang=fi')).text();
    expect(fi).toContain('Aurora-pitsiliivit');
    expect(fi).toContain('Yöasut');
    const sv = await (await get('/?lang=sv')).text();
    expect(sv).toContain('Aurora spetsbalconette');
    expect(sv).toContain('lang="sv"');
  });

  it('lists a category, and answers 404 for an unknown one', async () => {
    const page = await (await get('/category/bodies')).text();
    expect(page.match(/class="product-card"/g)).toHaveLength(4);
    expect(page).toContain('aria-current="page"');
    expect((await get('/category/nope')).status).toBe(404);
  });

  it('shows a product with its price, VAT share, sizes and an add-to-cart form', async () => {
    const page = await (await get('/products/aurora-lace-balconette?lang=fi')).text();
    expect(page).toMatch(/59,90\s€/);
    expect(page).toContain('sis. alv 25,5 %');
    expect(page).toMatch(/12,17\s€/); // VAT inside 59.90: 59.90 × 25.5 / 125.5
    expect(page).toContain('<option value="75C">75C</option>');
    expect(page).toContain('action="/cart/add"');
    expect((await get('/products/nope')).status).toBe(404);
  });

  it('serves generated SVG pictures, and nothing else under that path', async () => {
    const res = await get('/images/products/pilvi-robe.svg');
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|href=/);
    expect((await get('/images/products/nope.svg')).status).toBe(404);
    expect((await get('/images/products/..%2Fapp.css')).status).toBe(404);
  });

  it('searches in the page language and escapes the query', async () => {
    const fi = await (await get('/search?q=pitsi&lang=fi')).text();
    expect(fi).toContain('Aurora-pitsiliivit');
    const none = await (await get('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E')).text();
    expect(none).not.toContain('<script>alert(1)</script>');
    expect(none).toContain('&lt;script&gt;');
    expect(none).toContain('No products matched your search.');
  });

  it.each([['a'], ['x'.repeat(101)], ['']])('refuses the search query %j with 400', async (q) => {
    const res = await get(`/search?q=${encodeURIComponent(q)}&lang=sv`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Sök med 2 till 100 tecken.');
  });

  it('adds, updates and removes cart lines, pricing from the catalog', async () => {
    let res = await post('/cart/add', {
      slug: 'aurora-lace-brief',
      size: 'M',
      quantity: '2',
      price: '1',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/cart?notice=added');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/Max-Age=2592000/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/HttpOnly/);
    let cookie = `hs_cart=${cartCookie(res)}`;

    const page = await (await get('/cart?notice=added', cookie)).text();
    expect(page).toContain('Added to your cart.');
    expect(page).toContain('Aurora lace brief');
    expect(page).toContain('€49.80');

    res = await post(
      '/cart/update',
      { slug: 'aurora-lace-brief', size: 'M', quantity: '3' },
      cookie,
    );
    cookie = `hs_cart=${cartCookie(res)}`;
    const json = (await (
      await get('/api/cart', cookie, { accept: 'application/json' })
    ).json()) as {
      subtotalCents: number;
      lines: { quantity: number; unitPriceCents: number }[];
    };
    expect(json.subtotalCents).toBe(7470);
    expect(json.lines[0]).toMatchObject({ quantity: 3, unitPriceCents: 2490 });

    res = await post('/cart/remove', { slug: 'aurora-lace-brief', size: 'M' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/hs_cart=;.*Max-Age=0/);
  });

  it('answers a JSON client with the priced cart', async () => {
    const res = await post(
      '/cart/add',
      { slug: 'silkki-sleep-mask', quantity: '1', unitPriceCents: '1' },
      undefined,
      'application/json',
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subtotalCents: 2990, itemCount: 1 });
  });

  it.each([
    ['a negative quantity', { quantity: '-1' }, /whole number from 1 to 10/],
    ['a zero quantity', { quantity: '0' }, /whole number from 1 to 10/],
    ['a huge quantity', { quantity: '1000000000' }, /whole number from 1 to 10/],
    ['too many of one item', { quantity: '11' }, /whole number from 1 to 10/],
    ['a fractional quantity', { quantity: '1.5' }, /whole number from 1 to 10/],
    ['a non-number', { quantity: 'lots' }, /whole number from 1 to 10/],
    ['an unknown product', { slug: 'no-such-bra' }, /no such product/],
    ['a malformed product id', { slug: '../../etc' }, /no such product/],
    ['an unknown size', { size: 'XXXL' }, /size is not available/],
  ])('refuses %s with a clear message and no change', async (_what, change, message) => {
    const existing = `hs_cart=${encodeCart([{ slug: 'pilvi-robe', size: 'S/M', quantity: 1 }])}`;
    const res = await post(
      '/cart/add',
      { slug: 'aurora-lace-brief', size: 'M', quantity: '1', ...change },
      existing,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await res.text();
    expect(page).toMatch(message);
    expect(page).toContain('role="alert"');
    expect(page).toContain('Pilvi waffle robe'); // the cart as it was
  });

  it('says why in the page language', async () => {
    const res = await app.request('/cart/add?lang=fi', {
      method: 'POST',
      headers: { accept: 'text/html', origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'slug=aurora-lace-brief&size=M&quantity=99',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Valitse kokonaisluku väliltä 1–10.');
  });

  it('refuses the same bad input from a JSON client with a 400 body', async () => {
    const res = await post(
      '/cart/add',
      { slug: 'aurora-lace-brief', size: 'M', quantity: '-5' },
      undefined,
      'application/json',
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'validation_failed',
      fields: { quantity: 'Choose 1 to 10.' },
    });
  });

  it('explains a tampered cart cookie, changes nothing, and lets the cart be emptied', async () => {
    const tampered = `hs_cart=${Buffer.from('[["aurora-lace-brief","M",-4]]').toString('base64url')}`;
    const page = await get('/cart', tampered);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('changed outside the shop');
    const add = await post(
      '/cart/add',
      { slug: 'aurora-lace-brief', size: 'M', quantity: '1' },
      tampered,
    );
    expect(add.status).toBe(400);
    expect(add.headers.get('set-cookie')).toBeNull();
    const json = await get('/api/cart', tampered, { accept: 'application/json' });
    expect(json.status).toBe(400);
    const clear = await post('/cart/clear', {}, tampered);
    expect(clear.status).toBe(303);
    expect(clear.headers.get('set-cookie')).toMatch(/hs_cart=;.*Max-Age=0/);
  });

  it('estimates delivery for a postal code, in the page language', async () => {
    const res = await get('/api/delivery/estimates?postalCode=70620&lang=fi', undefined, {
      accept: 'application/json',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      estimates: { carrier: string; display: { time: string } }[];
    };
    expect(body.estimates.map((e) => e.carrier)).toEqual(['posti', 'db_schenker', 'budbee']);
    expect(body.estimates[0]?.display.time).toBe('1 arkipäivä');
  });

  it('waives the delivery fee when the cart holds 100 € of goods', async () => {
    const cookie = `hs_cart=${encodeCart([{ slug: 'aurora-lace-balconette', size: '75C', quantity: 2 }])}`;
    const res = await get('/api/delivery/estimates?postalCode=70620', cookie, {
      accept: 'application/json',
    });
    const body = (await res.json()) as { estimates: { feeCents: number }[] };
    expect(body.estimates.map((e) => e.feeCents)).toEqual([0, 0, 0]);
    const page = await (await get('/delivery?postalCode=70620', cookie)).text();
    expect(page).toContain('<td>Free</td>');
  });

  it.each(['7062', 'abcde', '706201', ''])('refuses the postal code %j with 400', async (code) => {
    const res = await get(`/api/delivery/estimates?postalCode=${code}`, undefined, {
      accept: 'application/json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'validation_failed',
      message: 'A Finnish postal code has exactly five digits, like 70620.',
    });
  });

  it('shows delivery times without JavaScript', async () => {
    const ok = await (await get('/delivery?postalCode=22100')).text();
    expect(ok).toContain('<th scope="row">Posti</th><td>3–5 business days</td>');
    expect(ok).toContain('Not available for this postal code');
    const bad = await get('/delivery?postalCode=12');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('exactly five digits');
  });
});
