/**
 * Bot protection as the widget and the server share it: ALTCHA's proof-of-work scheme (find the number
 * whose SHA-256, written after the salt, is the challenge) and the least time a person takes to fill a form.
 */

/** A challenge as the public form carries it. With `number` already in it, there is no work to do. */
export type Challenge = {
  algorithm: 'SHA-256';
  /** Hex SHA-256 of `salt` followed by the secret number. */
  challenge: string;
  /** The secret number is at most this: the work a visitor's browser may have to do. */
  maxnumber: number;
  /** Random, then `?form=…&issued=…&pow=…&expires=…&`: what the signature vouches for. */
  salt: string;
  /** The server's HMAC of `challenge`. */
  signature: string;
  number?: number | undefined;
};

/** A solved challenge, sent back as the submission's `proof`. */
export type Proof = Challenge & { number: number };

/**
 * A submission sooner than this after its form was fetched is a script's: nobody reads and fills a form
 * faster. The widget waits this long after fetching before it sends, so a person is never taken for one.
 */
export const MIN_FILL_TIME_IN_MS = 3000;
