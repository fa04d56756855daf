/** `is-stream` 2.x for the bundle: the same one-line test. */
export default function isStream(stream: unknown): boolean {
  return stream !== null && typeof stream === 'object' && typeof (stream as { pipe?: unknown }).pipe === 'function';
}
