/**
 * How many messages one frame's port may hand the engine: a token bucket. Real use stays far
 * below it — one audio chunk a second and, through the content script's ControlGate, at most two
 * controls every 250 ms — so only a misbehaving sender loses messages.
 */
export const PORT_MESSAGES_PER_SECOND = 12;
/** A burst the bucket allows at once (a restart with its backlog of chunks). */
export const PORT_MESSAGE_BURST = 24;

export class MessageBudget {
  private tokens = PORT_MESSAGE_BURST;
  private last: number | undefined;
  /** Messages refused so far (diagnostics). */
  refused = 0;

  /** Takes one message's worth; false when the budget is spent. */
  take(now: number): boolean {
    if (this.last !== undefined) this.tokens = Math.min(PORT_MESSAGE_BURST, this.tokens + ((now - this.last) / 1000) * PORT_MESSAGES_PER_SECOND);
    this.last = now;
    if (this.tokens < 1) {
      this.refused++;
      return false;
    }
    this.tokens--;
    return true;
  }
}
