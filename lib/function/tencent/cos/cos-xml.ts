/**
 * The little XML the COS client reads: flat elements of COS's answers (error bodies, ListBucketResult,
 * VersioningConfiguration). Not a general parser: no attributes, no CDATA, no nesting of a tag in itself.
 */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** `&lt;` `&#38;` `&#x26;` … back to text. */
export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** The raw inner text of every `<tag>…</tag>` (and `''` for every `<tag/>`), in document order. */
export function xmlElements(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${tag}>)`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** The unescaped text of the first `<tag>`, or undefined when there is none. */
export function xmlText(xml: string, tag: string): string | undefined {
  const [first] = xmlElements(xml, tag);
  return first === undefined ? undefined : xmlUnescape(first.trim());
}

/**
 * COS's error body (COS doc 436/7730): `<Error><Code/><Message/><Resource/><RequestId/><TraceId/></Error>`.
 * Read leniently: some answers carry only Code and Message, and a gateway may answer with no XML at all.
 */
export function parseCosError(body: string): { code: string | undefined; message: string | undefined; requestId: string | undefined } {
  const [error] = xmlElements(body, 'Error');
  if (error === undefined) return { code: undefined, message: undefined, requestId: undefined };
  const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
  return { code: nonEmpty(xmlText(error, 'Code')), message: nonEmpty(xmlText(error, 'Message')), requestId: nonEmpty(xmlText(error, 'RequestId')) };
}
