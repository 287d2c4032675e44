// What the kiosk shows of an answer of the hall: the one-time notice, the ticket, a case's
// progress. Pure builders: data and the language's t() in, elements out.
import { el } from "/hall.js";

const zh = (text) => el("span", { lang: "zh-CN" }, text);

/** The one-time notice (一次告知): what to bring, what the hall obtains itself, the promised time. */
export function noticeView(notice, t, headingLevel = "h3") {
  const bring = notice.bring;
  return [
    el(headingLevel, {}, bring.length ? t("bring", bring.length) : t("bringNone")),
    bring.length ? el("ol", { class: "materials" }, bring.map((m) =>
      el("li", {}, zh(m.material.name), m.key ? null : t("deficiency")))) : null,
    notice.skip.length ? el("p", { class: "skip" }, t("skip"), zh(notice.skip.map((m) => m.material.name).join("、"))) : null,
    el("p", {}, t("promised", notice.promisedLimitDays, notice.visitsRequired)),
  ];
}

/** The card's validity as a notice, or nothing when the card is valid (CardValidity). */
export function cardValidityView(validity, t) {
  if (!validity || validity.state === "valid") return null;
  const text = validity.state === "expired" ? t("expired", validity.validUntil) : t("expiring", validity.validUntil, validity.daysLeft);
  return el("p", { class: "alert", id: "card-validity", role: "alert", dataset: { state: validity.state } }, text);
}

/**
 * The ticket: the number large, the people ahead, the masked holder, the card's validity,
 * how printing went (with the retry when it failed) and the one-time notice.
 */
export function ticketView(ticket, { t, reasonName, reprint, onReprint }) {
  const print = ticket.print ?? {};
  let printLine = null;
  if (print.state === "failed") {
    const again = reprint === "printed" ? t("reprinted") : reprint === "failed" ? t("reprintFailed") : null;
    printLine = el("div", { class: "print-failed", id: "print-failed", role: "alert" },
      el("p", { class: "error" }, t("printFailed", print.reason ?? print.code ?? "", ticket.number)),
      again ? el("p", { id: "reprint-result", class: reprint === "printed" ? "ok" : "error" }, again) : null,
      // A failed reprint keeps the button: the printer may be mended while the citizen waits.
      reprint === "printed" ? null : el("button", { id: "reprint", type: "button", class: "primary", onclick: onReprint }, t("reprint")));
  } else if (print.state === "printed") {
    printLine = el("p", { class: "ok" }, t("printed"));
  }
  return [
    el("p", { class: "service" }, zh(ticket.queueName + (ticket.serviceName ? " · " + ticket.serviceName : ""))),
    el("p", { class: "big", id: "number" }, ticket.number),
    el("p", { id: "ahead" }, t("ahead", ticket.peopleAhead, ticket.estimatedWaitMinutes)),
    ticket.priority ? el("p", { class: "lane-note" }, t("lane", reasonName(ticket.priority))) : null,
    ticket.holder ? el("p", { id: "holder" }, t("holder", ticket.holder.maskedName, ticket.holder.maskedNumber)) : null,
    cardValidityView(ticket.cardValidity, t),
    ticket.appointment ? el("p", { class: "ok" }, t("appointmentFound", ticket.appointment.slot)) : null,
    printLine,
    ticket.notice && ticket.notice.bring.length ? el("div", { class: "ticket-notice" },
      el("h3", {}, t("ticketNotice")), noticeView(ticket.notice, t, "h4").slice(1)) : null,
  ];
}

/** Cases by number or card: number, title, state and dates; never a name. */
export function casesView(cases, t) {
  if (!cases.length) return [el("p", {}, t("noCases"))];
  const cards = { red: t("overdue"), yellow: t("nearlyDue") };
  return cases.map((c) => el("div", { class: "case", dataset: { case: c.number } },
    el("h3", {}, c.number, " ", zh(c.title)),
    el("p", {}, t("caseState"), el("b", { class: "state", lang: "zh-CN" }, c.stateName), cards[c.card] ?? ""),
    c.promisedDue ? el("p", {}, t("promisedDue"), c.promisedDue) : null,
    c.pickup ? el("p", {}, zh(c.pickup)) : null));
}

/**
 * A number pad: the digits, `letter` when the number has one (a case number's C), delete
 * one, clear. `prefix` names its delete and clear keys (`pad-back`, `pad-clear`).
 */
export function numberPad(onKey, { letter = null, prefix = "pad" } = {}) {
  const key = (k, label, more = {}) => el("button", { type: "button", class: "key", dataset: { key: k }, onclick: () => onKey(k), ...more }, label);
  return [...[..."123456789", letter, "0"].filter(Boolean).map((k) => key(k, k)),
    key("back", "⌫", { id: prefix + "-back", "aria-label": "⌫" }),
    key("clear", "清除", { id: prefix + "-clear", class: "key wide", "data-t": "clear" })];
}

/** The number pad for a case number (CaseNumber: `C`, 8 digits of the day, 4 of the sequence, a check digit). */
export function caseNumberPad(onKey) { return numberPad(onKey, { letter: "C" }); }
