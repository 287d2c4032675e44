// The kiosk's appointment check-in (预约签到, R2; seed 004 §8.2): the booking code typed on a
// touch keyboard of the code's own symbols, or the card on the kiosk's reader; the answer as
// the ticket with a line saying how the check-in went.
import { el } from "/hall.js";

/** Crockford's base 32, as in BookingCode.swift: no I, L, O or U, so nothing reads two ways. */
export const CODE_SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 8;

/** The keys: each symbol, delete one, clear. */
export function codeKeys(onKey) {
  const key = (k, label, more = {}) => el("button", { type: "button", class: "key", dataset: { code: k }, onclick: () => onKey(k), ...more }, label);
  return [...[...CODE_SYMBOLS].map((k) => key(k, k)),
    key("back", "⌫", { id: "code-back", class: "key wide", "aria-label": "⌫" }),
    key("clear", "清除", { id: "code-clear", class: "key wide", "data-t": "clear" })];
}

/** The code after a key. */
export function typed(code, key) {
  if (key === "back") return code.slice(0, -1);
  if (key === "clear") return "";
  return code.length < CODE_LENGTH ? code + key : code;
}

/** A refused check-in in the kiosk's words (the hall's message names the time or the day). */
export function refusalText(error, t) {
  const message = error.message ?? "";
  switch (error.code) {
    case "too_early": return t("tooEarly", message.match(/\d{1,2}:\d{2}/)?.[0] ?? "");
    case "wrong_day": return t("wrongDay", message.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? "");
    case "not_active": return t("notActive");
    case "no_booking": return t("noBooking");
    case "not_found": return t("codeUnknown");
    default: return t("failed", message);
  }
}

/** The line above the ticket: on time ahead of walk-ins, or late as a normal ticket. */
export function checkInNote(checkIn, t) {
  if (!checkIn) return null;
  return checkIn.late ? el("p", { class: "alert", id: "check-in-note", role: "status" }, t("lateCheckIn"))
    : el("p", { class: "ok", id: "check-in-note", role: "status" }, t("checkedIn", checkIn.slot));
}
