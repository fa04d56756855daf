/** A small client of the emulator's admin API, for the local tools. */
export interface AdminCall {
  seq: number;
  service: string | null;
  action: string | null;
  params: unknown;
  /** ISO-8601 wall clock. */
  time?: string;
  /** null when the emulator dropped the connection (a fault). */
  httpStatus: number | null;
  error: { code: string; message: string } | null;
  /** The fault injected into this call, if any. */
  fault: string | null;
}

export interface AdminMessage {
  topic: string;
  msgId: string;
  tags: string[];
  content: string;
  time: string;
}

async function get<T>(base: string, path: string, method = 'GET'): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(`/_emulator/${path}`, base), { method });
  } catch (e) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause.
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    throw new Error(`cannot reach the emulator at ${base} (RESET_API_ENDPOINT): ${cause}`);
  }
  if (!res.ok) throw new Error(`${base} is not an ecm-reset emulator (${method} /_emulator/${path} answered ${res.status})`);
  return (await res.json()) as T;
}

export const adminClient = (base: string) => ({
  calls: (since = 0) => get<{ calls: AdminCall[]; lastSeq: number }>(base, `calls?since=${since}`),
  /** Back to the seed's state (POST /_emulator/reset). */
  reset: () => get<unknown>(base, 'reset', 'POST'),
  messages: (topic?: string) => get<{ messages: AdminMessage[] }>(base, `messages${topic ? `?topic=${encodeURIComponent(topic)}` : ''}`),
});
