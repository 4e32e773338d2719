/**
 * Polls `read` every `everyMs` until `done` holds or `timeoutMs` passes, and
 * returns the last value read, so the caller's assertion shows what was
 * seen. For state the service applies asynchronously (store refresh,
 * delivery, scrape collectors), never a fixed sleep.
 */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
