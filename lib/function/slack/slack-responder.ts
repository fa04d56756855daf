/**
 * Delivers a slash command's outcome to its `response_url` (Slack: "Responding to app
 * interactions", https://api.slack.com/interactivity/handling#message_responses: a JSON POST with
 * `response_type` and `text`, up to 5 times within 30 minutes of the command).
 */
import { nodeHttp, nodeHttps } from '../kernel/node-modules';

export interface SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
}

export interface SlackResponder {
  /** Posts `message` to a command's response_url; resolves false (never throws) when it could not. */
  respond(url: string, message: SlackMessage): Promise<boolean>;
}

/**
 * Only Slack's own hosts take the outcome (the signed request named the URL, but a function that
 * POSTs wherever a body says is a request forger), and loopback for a local stack.
 */
export function isResponseUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (loopback) return url.protocol === 'http:' || url.protocol === 'https:';
  return url.protocol === 'https:' && (url.hostname === 'hooks.slack.com' || url.hostname.endsWith('.slack.com'));
}

export function createSlackResponder(timeoutMs: number): SlackResponder {
  return {
    respond(url, message) {
      if (!isResponseUrl(url)) return Promise.resolve(false);
      const body = JSON.stringify(message);
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? nodeHttps() : nodeHttp();
      return new Promise<boolean>((resolve) => {
        const req = transport.request(
          target,
          { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
          (res) => {
            res.resume();
            res.on('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
            res.on('error', () => resolve(false));
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => resolve(false));
        req.end(body);
      });
    },
  };
}
