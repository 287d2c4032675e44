// The kiosk's screens drawn from the citizen's state: each screen's dynamic part rebuilt
// whole, so a language switch redraws it and a reset leaves nothing behind.
import { el, show } from "/hall.js";
import { reasonName, REASONS } from "/kiosk-text.js";
import { LETTERS } from "/kiosk-search.js";
import { noticeView, ticketView, casesView } from "/kiosk-views.js";
import { checkInNote } from "/kiosk-appointment.js";
import { complaintScreens } from "/kiosk-complaint.js";

const $ = (id) => document.getElementById(id);

function tile(label, sub, attributes) {
  return el("button", { type: "button", class: "tile", ...attributes }, el("span", { lang: "zh-CN" }, label), sub ? el("small", {}, sub) : null);
}

const draw = {
  events({ hall, t, act }) {
    show($("bundles"), hall.bundles.map((b) => tile(b.name, t("itemsCount", b.items.length),
      { dataset: { kind: "bundle", id: b.id }, onclick: () => act.openNotice("bundle", b.id, b.name) })));
  },
  departments({ hall, t, act }) {
    show($("department-list"), hall.departments.map(([name, items]) => tile(name, t("departmentItems", items.length),
      { dataset: { department: name }, onclick: () => act.openDepartment(name) })));
  },
  department(ctx) {
    const { state, hall } = ctx;
    const items = hall.departments.find(([name]) => name === state.department)?.[1] ?? [];
    $("department-name").textContent = state.department ?? "";
    show($("department-items"), items.map((item) => itemTile(item, ctx)));
  },
  search(ctx) {
    const { state, hall, t, act } = ctx;
    if (!hall.search) return;
    $("search-keys").textContent = state.typed.split("").join(" ");
    show($("letters"), [...LETTERS].map((letter) => el("button", {
      type: "button", class: "key", dataset: { letter }, disabled: !hall.search.leadsSomewhere(state.typed, letter),
      onclick: () => { state.typed += letter; act.render(); } }, letter)),
      el("button", { type: "button", class: "key wide", id: "search-backspace", disabled: !state.typed,
                     onclick: () => { state.typed = state.typed.slice(0, -1); act.render(); } }, t("backspace")),
      el("button", { type: "button", class: "key wide", id: "search-clear", disabled: !state.typed,
                     onclick: () => { state.typed = ""; act.render(); } }, t("clear")));
    const found = hall.search.find(state.typed), shown = found.slice(0, 24);
    $("search-count").textContent = !state.typed ? t("searchNone") : found.length ? t("searchCount", found.length, shown.length) : t("searchEmpty");
    show($("search-results"), shown.map((e) => e.kind === "bundle"
      ? tile(e.name, t("bundleKind"), { dataset: { kind: "bundle", id: e.id }, onclick: () => act.openNotice("bundle", e.id, e.name) })
      : itemTile(e.item, ctx)));
  },
  notice({ state, t }) {
    const n = state.notice;
    $("notice-title").textContent = n ? t("noticeTitle") + "：" + n.name : "";
    show($("notice-body"), n ? noticeView(n.notice, t) : []);
    const p = state.noticePrint;
    $("notice-printed").textContent = !p ? "" : p.state === "printed" ? t("noticePrinted") : t("noticeNotPrinted", p.reason ?? p.state);
  },
  queues({ hall, t, act }) {
    show($("queue-list"), hall.queues.map((q) => tile(q.queue.name, t("waiting", q.waiting), {
      class: "tile" + (q.queue.priorityLane ? " lane" : ""), dataset: { kind: "queue", id: q.queue.id },
      onclick: () => act.chooseTarget({ kind: "queue", id: q.queue.id, name: q.queue.name }, q.queue.priorityLane) })));
  },
  how({ state, t }) {
    show($("how-target"), state.target ? [t("howFor"), el("b", { lang: "zh-CN" }, state.target.name)] : []);
    $("how-priority").textContent = state.priority ? t("priorityChosen", reasonName(state.lang, state.priority)) : t("priorityNone");
  },
  priority({ state, t, act }) {
    show($("reasons"), REASONS.map((r) => el("button", {
      type: "button", class: "tile lane", dataset: { reason: r }, "aria-pressed": String(state.priority === r),
      onclick: () => act.choosePriority(r) }, reasonName(state.lang, r))),
      el("button", { type: "button", class: "tile", id: "no-priority", "aria-pressed": String(!state.priority),
                     onclick: () => act.choosePriority(null) }, t("noPriority")));
  },
  card({ state, t }) { $("card-note").textContent = state.cardMissing ? t("cardMissing") : ""; },
  ticket({ state, t, act }) {
    show($("ticket-body"), state.ticket?.error ? [el("p", { class: "error", role: "alert" }, t("failed", state.ticket.error))]
      : state.ticket ? [checkInNote(state.checkIn, t)].concat(ticketView(state.ticket, { t, reasonName: (r) => reasonName(state.lang, r), reprint: state.reprint, onReprint: act.reprint }))
      : []);
  },
  progress({ state }) {
    $("case-number").textContent = state.caseNumber;
    $("case-error").textContent = state.caseError;
    $("lookup-number").disabled = !state.caseNumber;
  },
  "progress-result"({ state, t }) {
    show($("progress-body"), state.casesError ? [el("p", { class: "error", role: "alert" }, t("failed", state.casesError))]
      : state.cases ? casesView(state.cases, t) : []);
  },
  appointment({ state }) {
    $("booking-code").textContent = state.code;
    $("code-error").textContent = state.codeError;
    $("check-in-code").disabled = !state.code;
  },
  ...complaintScreens,
};

function itemTile(item, { t, act }) {
  return tile(item.name, t("itemKind"), { dataset: { kind: "item", id: item.id }, onclick: () => act.openNotice("item", item.id, item.name) });
}

/** Draws the screen `name` from `ctx` = {state, hall, t, act}; screens without a dynamic part draw nothing. */
export function drawScreen(name, ctx) { draw[name]?.(ctx); }
