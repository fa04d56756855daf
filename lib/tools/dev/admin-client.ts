/** A small client of the emulator's admin API, for the local tools. */
export interface AdminCall {
  seq: number;
  service: string | null;
  action: string | null;
  params: unknown;
  error: { code: string; message: string } | null;
}

export interface AdminMessage {
  topic: string;
  msgId: string;
  tags: string[];
  content: string;
  time: string;
}

async function get<T>(base: string, path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(`/_emulator/${path}`, base));
  } catch (e) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause.
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    throw new Error(`cannot reach the emulator at ${base} (RESET_API_ENDPOINT): ${cause}`);
  }
  if (!res.ok) throw new Error(`${base} is not an ecm-reset emulator (GET /_emulator/${path} answered ${res.status})`);
  return (await res.json()) as T;
}

export const adminClient = (base: string) => ({
  calls: (since = 0) => get<{ calls: AdminCall[]; lastSeq: number }>(base, `calls?since=${since}`),
  messages: (topic?: string) => get<{ messages: AdminMessage[] }>(base, `messages${topic ? `?topic=${encodeURIComponent(topic)}` : ''}`),
});
