/** Messages between PlanPool and its workers (structured-cloned: Buffers arrive as Uint8Array). */
import type { RawMail } from '../mail/types.js';
import type { MessagePlan } from './plan.js';

export interface PlanRequest {
  readonly id: number;
  readonly mails: readonly RawMail[];
  /** false: leave the voices to the main thread (MessagePlan.voicesPending). */
  readonly voices: boolean;
}

export type PlanResult =
  | { readonly ok: true; readonly plan: MessagePlan }
  | { readonly ok: false; readonly error: string };

export interface PlanReply {
  readonly id: number;
  readonly results: readonly PlanResult[];
  /** Milliseconds the worker sat idle since its previous reply. */
  readonly idleMs: number;
}
