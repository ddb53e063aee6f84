/**
 * Reads made once per step: inside {@link withReadMemo}, a read asked again through the same
 * executor (the step's transaction) with the same key gets the first answer instead of another
 * round trip. For a step that only reads what it memoises: the access export, where several
 * modules and the package each ask for the customer's row, orders, credit decisions and
 * pseudonyms (about ten round trips of an export's fifty). Outside a scope every read goes to
 * the database, so erasers and other writers never see a stale row.
 *
 * @example
 *   await withReadMemo(trx, () => exportEverything(trx));
 *   // in a repository:
 *   return memoRead(db, `orders:${customerId}`, () => db.selectFrom('orders')…execute());
 */

const scopes = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Runs `work` with reads through `db` memoised; the memo is dropped when it ends. */
export async function withReadMemo<T>(db: object, work: () => Promise<T>): Promise<T> {
  if (scopes.has(db)) return work();
  scopes.set(db, new Map());
  try {
    return await work();
  } finally {
    scopes.delete(db);
  }
}

/**
 * `read()`, or its first answer when asked again with the same key in a memo scope of `db`. The
 * answer is shared between the callers: they must not change it.
 */
export function memoRead<T>(db: object, key: string, read: () => Promise<T>): Promise<T> {
  const memo = scopes.get(db);
  if (!memo) return read();
  let answer = memo.get(key) as Promise<T> | undefined;
  if (!answer) memo.set(key, (answer = read()));
  return answer;
}

/** Drops a memoised read after a write to what it read (e.g. a pseudonym created). */
export function forgetRead(db: object, key: string): void {
  scopes.get(db)?.delete(key);
}

/**
 * {@link memoRead} for several keys read by one statement: `read` is asked only for the keys not
 * memoised yet (their indexes in `keys`, each once) and gives one answer per index asked, in
 * order; each answer is then memoised under its own key, so a later single read of one of them
 * (e.g. a module's, during a batch of erasures) costs no round trip.
 */
export async function memoReadMany<T>(
  db: object,
  keys: readonly string[],
  read: (indexes: number[]) => Promise<T[]>,
): Promise<T[]> {
  const memo = scopes.get(db);
  if (!memo) return read(keys.map((_, i) => i));
  const asked = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!memo.has(k) && !asked.has(k)) asked.set(k, i);
  });
  if (asked.size > 0) {
    const answer = read([...asked.values()]);
    [...asked.keys()].forEach((k, j) =>
      memo.set(
        k,
        answer.then((a) => a[j]),
      ),
    );
  }
  return Promise.all(keys.map((k) => memo.get(k) as Promise<T>));
}
