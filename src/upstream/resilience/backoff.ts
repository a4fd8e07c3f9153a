export interface BackoffSettings {
  /** Upper bound of the first delay, in milliseconds. */
  backoff: number;
  /** Largest upper bound, in milliseconds. */
  maxBackoff: number;
}

/**
 * The delay before retry number `retry` (1 for the first): exponential, with full jitter. Drawing
 * the whole delay at random spreads the retries of many callers that failed together, so that a
 * service coming back is not met by all of them at the same instant.
 */
export function backoffDelay(retry: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.maxBackoff, settings.backoff * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
