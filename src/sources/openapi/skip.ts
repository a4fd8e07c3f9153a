/** Thrown while mapping one operation that cannot be offered; the operation is left out with a warning. */
export class SkipOperation extends Error {
  override readonly name = 'SkipOperation';
}
