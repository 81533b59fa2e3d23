/**
 * What the page's own calls turn into for the engine — start, reset, pause, stop on every
 * play, seek, ad or new id — at most two control messages per CONTROL_INTERVAL_MS per frame, so a
 * page calling pause()/play(), seeking or toggling its ad class in a loop cannot flood the
 * engine (nor, through its reports, the router and storage). The first control goes at once;
 * those that follow within the interval wait and are merged into what they amount to.
 */
import type { AudioPortRequest } from '../shared/protocol.ts';
import { Throttle } from '../shared/throttle.ts';

export const CONTROL_INTERVAL_MS = 250;

export type ControlMessage = Exclude<AudioPortRequest, { type: 'audio/chunk' }>;

/** What a run of control messages amounts to, in order: a stop, or a restart (start or reset) and/or a pause. */
export function coalesceControls(controls: readonly ControlMessage[]): ControlMessage[] {
  const lastStop = controls.findLastIndex((c) => c.type === 'audio/stop');
  const afterStop = controls.slice(lastStop + 1);
  const lastStart = afterStop.findLastIndex((c) => c.type === 'audio/start');
  // Stopped, and nothing started since: the engine forgets the frame (a reset of nothing is moot).
  if (lastStop >= 0 && lastStart < 0) return [controls[lastStop]!];
  const out: ControlMessage[] = [];
  let videoId: string | undefined;
  let paused: boolean | undefined;
  for (const control of afterStop) {
    if (control.type === 'audio/start' || control.type === 'audio/reset') videoId = control.videoId;
    if (control.type === 'audio/start') paused = false;
    if (control.type === 'audio/pause') paused = true;
  }
  const start = afterStop[lastStart];
  if (start?.type === 'audio/start') out.push({ ...start, videoId: videoId! });
  else if (videoId !== undefined) out.push({ type: 'audio/reset', videoId });
  if (paused) out.push({ type: 'audio/pause' });
  return out;
}

export class ControlGate {
  private pending: ControlMessage[] = [];
  private readonly throttle = new Throttle(CONTROL_INTERVAL_MS, () => this.flush());

  constructor(private readonly send: (control: ControlMessage) => void) {}

  /** Controls are waiting: audio sent now would belong to a window they restart. */
  get waiting(): boolean {
    return this.throttle.waiting;
  }

  push(control: ControlMessage): void {
    this.pending = coalesceControls([...this.pending, control]);
    this.throttle.request();
  }

  private flush(): void {
    const controls = this.pending;
    this.pending = [];
    for (const control of controls) this.send(control);
  }
}
