/** `get-stream` 6.x for the bundle: the SDK only calls `getStream.buffer(stream)`. */
async function buffer(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export default { buffer };
