/**
 * The coding to answer in, from the request's `Accept-Encoding` (RFC 9110, 12.5.3): the offered
 * coding the client gives the highest weight, ties going to the order of `offered`; `*` stands for
 * any coding the header does not name, `q=0` refuses one. Undefined means no coding (identity):
 * no header, an empty one, or nothing offered that the client accepts.
 */
export function chooseEncoding<E extends string>(acceptEncoding: string | null | undefined, offered: readonly E[]): E | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const item of acceptEncoding.split(',')) {
    const [name, ...params] = item.split(';');
    const coding = name!.trim().toLowerCase();
    if (coding === '') continue;
    weights.set(coding, weightOf(params));
  }
  let best: E | undefined;
  let bestWeight = 0;
  for (const coding of offered) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** The `q` parameter of one item; 1 when absent, 0 when malformed (an unreadable weight accepts nothing). */
function weightOf(params: string[]): number {
  for (const param of params) {
    const [key, value] = param.split('=');
    if (key!.trim().toLowerCase() !== 'q') continue;
    const text = value?.trim() ?? '';
    if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(text)) return 0;
    return Number(text);
  }
  return 1;
}
