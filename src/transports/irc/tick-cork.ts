// Lines the bot writes in the same tick leave in one TCP segment, so the server relays them
// together too (an answer's lines arrive as one burst, not one per round trip). Nagle is off
// (setNoDelay): a lone line goes out at once.
import type { CorkableSocket } from "./options.js";

export class TickCork {
  private socket: CorkableSocket | null = null;
  private corked = false;

  /** The connection's socket, once connected; null when it is gone. */
  attach(socket: CorkableSocket | null): void {
    socket?.setNoDelay?.(true);
    this.socket = socket;
  }

  /** Corks the socket until the next tick (once per tick). */
  corkThisTick(): void {
    const socket = this.socket;
    if (this.corked || !socket?.cork || !socket.uncork) return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      try {
        socket.uncork!();
      } catch {
        // socket gone
      }
    });
  }
}
