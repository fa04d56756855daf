import type { IncomingMessage } from 'node:http';

/** The raw body and the single-valued headers of a request a test server received. */
export function readRequest(req: IncomingMessage): Promise<{ rawBody: string; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      resolve({ rawBody: Buffer.concat(chunks).toString('utf8'), headers });
    });
  });
}
