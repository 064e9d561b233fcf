/**
 * Loyalty points: one point per EUR/CHF of revenue after each card order, bonus points for
 * survey answers, and now and then a 500-point voucher redeemed at checkout.
 */
import type { CustomerState } from "./customer-state.js";
import { emit } from "./customer-state.js";
import { trackMessage } from "./messages.js";
import { serverSender } from "./senders.js";

/** Points a voucher costs, and what it is worth in the order's currency. */
export const VOUCHER_POINTS = 500;
export const VOUCHER_VALUE = 5;

/** Credits points (if the customer has a card and `points` ≥ 1). */
export function earnPoints(
  s: CustomerState,
  t: number,
  points: number,
  reason: string,
  orderId?: string,
): void {
  const card = s.profile.cardId;
  if (card === undefined || points < 1) return;
  s.balance += points;
  const properties: Record<string, unknown> = { card_id: card, points, reason, balance: s.balance };
  if (orderId !== undefined) properties.order_id = orderId;
  emit(s, t, trackMessage(t, serverSender(s), "Loyalty Points Earned", properties));
}

/** Redeems a voucher at checkout when the balance allows and the customer feels like it; returns the discount. */
export function maybeRedeem(s: CustomerState, t: number, orderId: string, subtotal: number): number {
  const card = s.profile.cardId;
  if (card === undefined || s.balance < VOUCHER_POINTS || subtotal < 2 * VOUCHER_VALUE || !s.rng.chance(0.3))
    return 0;
  s.balance -= VOUCHER_POINTS;
  const properties = {
    card_id: card,
    points: VOUCHER_POINTS,
    reason: "voucher",
    order_id: orderId,
    balance: s.balance,
  };
  emit(s, t, trackMessage(t, serverSender(s), "Loyalty Points Redeemed", properties));
  return VOUCHER_VALUE;
}
