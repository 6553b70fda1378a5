/** A message for the next page shown (`Lead erased.`), read once. */
let pending: string | undefined;

export function flash(message: string): void {
  pending = message;
}

export function takeFlash(): string | undefined {
  const message = pending;
  pending = undefined;
  return message;
}
