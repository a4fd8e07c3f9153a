import { buildConnector } from 'undici';

/** How long a new connection may stay unused before it counts as an orphan. */
const ORPHAN_AFTER_MS = 1000;

/**
 * undici's default connector, plus one repair. When a request is aborted while in flight (a
 * deadline, a client that went away), undici destroys its socket as it should, but puts the
 * aborted request back in the queue and opens a fresh connection for it before noticing that it
 * was aborted (nodejs/undici#5845). That connection then serves nothing and stays open until the
 * keep-alive timeout. A connection is written to as soon as it is handed over, so one that is
 * still unused a moment later is such an orphan, and is closed.
 */
export function orphanClosingConnector(): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    connect(options, (...result) => {
      const socket = result[1];
      if (socket) {
        const written = socket.bytesWritten;
        const timer = setTimeout(() => {
          if (socket.bytesWritten === written) socket.destroy();
        }, ORPHAN_AFTER_MS);
        timer.unref();
        socket.once('close', () => clearTimeout(timer));
      }
      callback(...result);
    });
  };
}
