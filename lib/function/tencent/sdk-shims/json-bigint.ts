/**
 * `json-bigint` for the bundle. The SDK uses `JSONbig({ useNativeBigInt: true }).stringify` for
 * the request body and for the payload hash it signs, and never its `parse` (responses go
 * through `res.json()`). Our requests hold only strings, numbers, booleans, arrays and
 * objects, never a BigInt, so the built-in JSON gives the same value. The text differs in
 * one harmless way: json-bigint escapes a few rare code points (U+007F–U+009F, U+00AD,
 * U+2028–U+202F, U+FEFF, …) as `\uXXXX` where JSON.stringify writes them raw; both decode
 * to the same string, and body and signature are made from the same text, so the
 * signature still verifies. A BigInt would make JSON.stringify throw rather than send
 * something wrong.
 */
interface JsonBig {
  parse: (text: string) => unknown;
  stringify: (value: unknown) => string;
}

const json: JsonBig = {
  parse: (text) => JSON.parse(text) as unknown,
  stringify: (value) => JSON.stringify(value),
};

export default function JSONbig(_options?: unknown): JsonBig {
  return json;
}
