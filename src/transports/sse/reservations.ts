import { randomUUID } from 'node:crypto';

/** Who reserved a stream: the client address (counted against its cap) and a digest of its credentials. */
export interface StreamOwner {
  client: string;
  credentials: string;
}

export interface Reservation<T> {
  readonly token: string;
  readonly owner: StreamOwner;
  /** What the caller keeps per reservation (the protocol handler of its stream). */
  readonly value: T;
  /** The stream was opened: the reservation now lives as long as the connection. */
  opened(): void;
}

export type ReserveOutcome<T> = { ok: true; reservation: Reservation<T> } | { ok: false; reason: 'gateway-full' | 'client-full' };

export interface ReservationsOptions {
  max: number;
  maxPerClient: number;
  /** How long a reservation may wait for its stream to open, in milliseconds. */
  timeoutMs: number;
  /** Called once when a reservation ends (released, timed out, or dropped at close). */
  onRelease(value: unknown): void;
}

/**
 * The single-connection streams the gateway holds, bounded in number overall and per client, each
 * usable only by the owner that reserved it. A reservation that is never opened expires.
 */
export function createReservations<T>({ max, maxPerClient, timeoutMs, onRelease }: ReservationsOptions) {
  const byToken = new Map<string, { reservation: Reservation<T>; timer?: ReturnType<typeof setTimeout> }>();
  const perClient = new Map<string, number>();

  const release = (token: string) => {
    const entry = byToken.get(token);
    if (!entry) return;
    byToken.delete(token);
    clearTimeout(entry.timer);
    const { client } = entry.reservation.owner;
    const left = (perClient.get(client) ?? 1) - 1;
    if (left > 0) perClient.set(client, left);
    else perClient.delete(client);
    onRelease(entry.reservation.value);
  };

  return {
    reserve(owner: StreamOwner, create: (token: string) => T): ReserveOutcome<T> {
      if (byToken.size >= max) return { ok: false, reason: 'gateway-full' };
      if ((perClient.get(owner.client) ?? 0) >= maxPerClient) return { ok: false, reason: 'client-full' };
      const token = randomUUID();
      const entry: { reservation: Reservation<T>; timer?: ReturnType<typeof setTimeout> } = {
        reservation: {
          token,
          owner,
          value: create(token),
          opened: () => clearTimeout(entry.timer),
        },
      };
      entry.timer = setTimeout(() => release(token), timeoutMs);
      entry.timer.unref?.();
      byToken.set(token, entry);
      perClient.set(owner.client, (perClient.get(owner.client) ?? 0) + 1);
      return { ok: true, reservation: entry.reservation };
    },
    /** The reservation under `token` if `owner` made it; another owner's token is as unknown as a made-up one. */
    find(token: string, owner: StreamOwner): Reservation<T> | undefined {
      const reservation = byToken.get(token)?.reservation;
      return reservation && reservation.owner.client === owner.client && reservation.owner.credentials === owner.credentials ? reservation : undefined;
    },
    release,
    get size() {
      return byToken.size;
    },
    close() {
      for (const token of [...byToken.keys()]) release(token);
    },
  };
}

export type Reservations<T> = ReturnType<typeof createReservations<T>>;
