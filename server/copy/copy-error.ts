/** A copy that cannot go ahead, for a reason the operator can fix; printed without a stack. */
export class CopyError extends Error {
  override name = 'CopyError';
}
