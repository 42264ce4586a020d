/**
 * The challenges whose solution has already been accepted, each kept until its challenge expires (after that
 * the signature check refuses it anyway), so that one solved challenge lets one form through, not many.
 *
 * In memory, per process: with several app instances a solution could be spent once on each of them. That
 * is acceptable for a bot check (each spend still costs a solved challenge, and the reservation rules hold
 * whatever gets through); a shared store (a PostgreSQL table keyed by nonce) is the step up if it matters.
 * Only verified solutions are recorded, so the map grows no faster than clients can do the work.
 */
export class SpentSolutions {
  /** Challenge nonce → when its challenge expires (ms since the epoch), in the order they were spent. */
  private readonly spent = new Map<string, number>();

  /** Records the challenge as spent; false when it already was. */
  spend(nonce: string, expiresAtMs: number, nowMs: number): boolean {
    this.forgetExpired(nowMs);
    if (this.spent.has(nonce)) return false;
    this.spent.set(nonce, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.spent.size;
  }

  /**
   * Every challenge lives equally long, so spending order is close to expiry order: dropping from the oldest
   * until one is still valid keeps this O(1) per call. One spent late may keep a few expired ones a little longer.
   */
  private forgetExpired(nowMs: number): void {
    for (const [nonce, expiresAtMs] of this.spent) {
      if (expiresAtMs > nowMs) break;
      this.spent.delete(nonce);
    }
  }
}
