/** A hono/jsx element rendered to its HTML string (all policy components are synchronous). */
export function htmlString(element: unknown): string {
  const html = (element as { toString(): string | Promise<string> }).toString();
  if (typeof html !== 'string') throw new TypeError('an asynchronous component cannot render here');
  return html;
}
