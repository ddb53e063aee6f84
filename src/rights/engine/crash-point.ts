/**
 * A test-only hook to prove crash safety: with `NODE_ENV=test` and `CUSTODIAN_TEST_CRASH_AT=N`,
 * the process SIGKILLs itself at the N-th crash point it passes (each step of a request has one
 * inside its transaction, before commit, and one just after commit). Outside tests it does
 * nothing.
 */
const passed: string[] = [];

export function crashPoint(label: string): void {
  if (process.env.NODE_ENV !== 'test') return;
  passed.push(label);
  const at = Number(process.env.CUSTODIAN_TEST_CRASH_AT);
  if (Number.isInteger(at) && at === passed.length) process.kill(process.pid, 'SIGKILL');
}

/** The labels of the crash points this process has passed, in order. */
export function crashPointsPassed(): readonly string[] {
  return passed;
}

/** Starts counting again (a test worker that resumes one request, then crashes another). */
export function resetCrashPoints(): void {
  passed.length = 0;
}
