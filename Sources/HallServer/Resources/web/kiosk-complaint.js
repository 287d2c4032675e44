// The kiosk's complaint screens (投诉, seed 004 §10): the window or unit complained about
// by a tap, the type and the demand by a tap, what happened in the one text field of the
// kiosk, an optional phone number on the number pad; the number to keep, and the result
// looked up by that number (§10.3) — the public view only, never a name.
import { el, show } from "/hall.js";
import { numberPad } from "/kiosk-views.js";

export const COMPLAINT_TYPES = ["attitude", "efficiency", "extraRequirements", "fees", "misconduct", "other"];
const DEMANDS = ["demandFix", "demandExplain", "demandApology", "demandSpeed"];
/** A complaint number is TS and 13 digits (ComplaintNumber.swift): the pad types the digits. */
const NUMBER_DIGITS = 13;
/** The rating code given at filing (`ratingCode`): six digits on the pad. */
const CODE_DIGITS = 6;

const $ = (id) => document.getElementById(id);
const zh = (text) => el("span", { lang: "zh-CN" }, text);

/** Everything of one citizen's complaint: part of the kiosk's state, wiped on reset. */
export const freshComplaint = () => ({
  windows: [], target: null, aboutStaff: false, type: null, content: "", demand: null, phone: "",
  formError: "", error: "", filed: null, typed: "", findError: "", found: null, code: "", rateError: "",
});

const PHONE_DIGITS = 15;

/** The text after a pad key, at most `max` characters. */
function padTyped(text, key, max) {
  if (key === "back") return text.slice(0, -1);
  if (key === "clear") return "";
  return text.length < max ? text + key : text;
}

function choice(label, pressed, onclick, more = {}) {
  return el("button", { type: "button", class: "tile", "aria-pressed": String(pressed), onclick, ...more }, label);
}

/** The dynamic parts of the complaint screens, from ctx = {state, hall, t, act}. */
export const complaintScreens = {
  complaint({ hall, t }) { $("complaint-phone").textContent = hall.complaintPhone ? t("complaintPhone", hall.complaintPhone) : ""; },
  "complaint-target"({ state, hall, t, act }) {
    const c = state.complaint;
    show($("complaint-windows"), c.windows.map((w) => el("button", {
      type: "button", class: "tile", dataset: { window: w.window.id },
      onclick: () => act.complaintTarget({ window: w.window.id, name: t("windowName", w.window.id), staff: w.staff ?? null }) },
      el("span", {}, t("windowName", w.window.id)), el("small", { lang: "zh-CN" }, w.window.name + (w.staff ? " · " + w.staff.name : "")))));
    show($("complaint-units"), hall.departments.map(([name]) => el("button", {
      type: "button", class: "tile", dataset: { unit: name }, onclick: () => act.complaintTarget({ unit: name, name }) }, zh(name))));
  },
  "complaint-form"({ state, t, act }) {
    const c = state.complaint;
    const staff = c.target?.staff;
    const content = el("textarea", { id: "complaint-content", rows: 5, maxlength: 2000, "aria-describedby": "complaint-content-hint",
      oninput: (e) => { c.content = e.target.value; } });
    content.value = c.content;
    show($("complaint-form-body"),
      el("p", { id: "complaint-about" }, t("complaintAbout"), el("b", { lang: "zh-CN" }, c.target?.name ?? "")),
      staff ? el("div", { class: "actions" }, choice(t("complaintStaff", staff.name), c.aboutStaff,
        () => { c.aboutStaff = !c.aboutStaff; act.render(); }, { id: "complaint-about-staff" })) : null,
      el("h3", {}, t("complaintType")),
      el("div", { class: "tiles", id: "complaint-types" }, COMPLAINT_TYPES.map((type) =>
        choice(t("type_" + type), c.type === type, () => { c.type = type; c.formError = ""; act.render(); }, { dataset: { type } }))),
      el("h3", {}, el("label", { for: "complaint-content" }, t("complaintContent"))),
      el("p", { id: "complaint-content-hint" }, t("complaintContentHint")),
      content,
      el("h3", {}, t("complaintDemand")),
      el("div", { class: "tiles", id: "complaint-demands" }, DEMANDS.map((d) =>
        choice(t(d), c.demand === d, () => { c.demand = d; c.formError = ""; act.render(); }, { dataset: { demand: d } }))));
    $("complaint-form-error").textContent = c.formError;
  },
  "complaint-contact"({ state }) {
    $("complaint-phone-typed").textContent = state.complaint.phone;
    $("complaint-error").textContent = state.complaint.error;
  },
  "complaint-filed"({ state, t }) {
    const f = state.complaint.filed;
    show($("complaint-filed-body"), f ? [
      el("p", {}, t("complaintKeepNumber")),
      el("p", { class: "big complaint-number", id: "complaint-number" }, f.number),
      f.ratingCode ? el("p", {}, t("complaintKeepCode")) : null,
      f.ratingCode ? el("p", { class: "big complaint-number", id: "complaint-code" }, f.ratingCode) : null,
      el("p", {}, t("complaintDue", f.answerDue)),
    ] : []);
  },
  "complaint-find"({ state }) {
    const c = state.complaint;
    $("complaint-typed").textContent = "TS" + c.typed;
    $("complaint-find-error").textContent = c.findError;
    $("complaint-look").disabled = c.typed.length !== NUMBER_DIGITS;
  },
  "complaint-result"({ state, t }) {
    const v = state.complaint.found;
    const asking = !!v?.result && (v.satisfied === undefined || v.satisfied === null);
    $("complaint-rate").hidden = !asking;
    $("complaint-code-typed").textContent = state.complaint.code;
    show($("complaint-result-body"), v ? el("div", { class: "case", id: "complaint-view", dataset: { complaint: v.number } },
      el("h3", {}, v.number),
      el("p", {}, t("caseState"), el("b", { class: "state", lang: "zh-CN" }, v.stateName)),
      el("p", {}, t("complaintReceived", v.receivedOn), " ", t("complaintDue", v.answerDue)),
      v.result ? el("p", { id: "complaint-result-text" }, t("complaintResult"), zh(v.result)) : el("p", {}, t("complaintPending")),
      v.measures ? el("p", { id: "complaint-measures" }, t("complaintMeasures"), zh(v.measures)) : null,
      // §12.3.6a: the complainant's word on the result, once, after the answer.
      !v.result ? null : v.satisfied === undefined || v.satisfied === null
        ? el("div", { class: "choices", id: "complaint-rating" }, el("p", {}, t("complaintRateAsk")),
          el("button", { type: "button", class: "choice", dataset: { rate: "yes" }, disabled: state.complaint.code.length !== CODE_DIGITS }, t("complaintSatisfied")),
          el("button", { type: "button", class: "choice", dataset: { rate: "no" }, disabled: state.complaint.code.length !== CODE_DIGITS }, t("complaintDissatisfied")))
        : el("p", { id: "complaint-rated" }, t("complaintRated", t(v.satisfied ? "complaintSatisfied" : "complaintDissatisfied"))),
      state.complaint.rateError ? el("p", { class: "error", role: "alert" }, state.complaint.rateError) : null) : []);
  },
};

/** What the form still lacks, in the kiosk's words; empty when it can go on. */
function formProblem(c, t) {
  if (!c.type) return t("complaintNeedType");
  if (!c.content.trim()) return t("complaintNeedContent");
  if (!c.demand) return t("complaintNeedDemand");
  return "";
}

/** The body of `POST /api/v1/complaints` for the complaint on screen. */
function filingBody(c, t) {
  return {
    type: c.type, window: c.target?.window, unit: c.target?.unit,
    staffID: c.aboutStaff ? c.target?.staff?.id : undefined,
    content: c.content, demand: t(c.demand), phone: c.phone || undefined,
  };
}

/** The DYNAMIC element ids of the complaint screens, emptied on reset. */
export const COMPLAINT_DYNAMIC = ["complaint-windows", "complaint-units", "complaint-form-body", "complaint-form-error",
  "complaint-phone-typed", "complaint-error", "complaint-filed-body", "complaint-typed", "complaint-find-error", "complaint-result-body", "complaint-code-typed"];

/**
 * What the complaint screens' controls do, over the kiosk's own `ask` (one request at a
 * time, answers after a reset dropped), `go` and `render`; `kiosk.state()` and `kiosk.t()`
 * are the citizen's state and words now. Wires the buttons and draws the pads once.
 */
export function complaintFlow(kiosk) {
  const c = () => kiosk.state().complaint;
  const t = (...args) => kiosk.t()(...args);
  const flow = {
    async open() {
      const answer = await kiosk.ask("/api/v1/windows");
      if (!answer) return;
      c().windows = answer.data?.windows ?? [];
      kiosk.go("complaint-target");
    },
    target(target) { Object.assign(c(), { target, aboutStaff: false, formError: "" }); kiosk.go("complaint-form"); },
    next() {
      c().formError = formProblem(c(), t);
      if (c().formError) kiosk.render(); else kiosk.go("complaint-contact");
    },
    async submit() {
      const answer = await kiosk.ask("/api/v1/complaints", { method: "POST", device: true, body: filingBody(c(), t) });
      if (!answer) return;
      if (answer.error) { c().error = t("failed", answer.error.message); kiosk.render(); return; }
      // What was typed is not kept on the screens once it is filed.
      Object.assign(c(), { filed: answer.data, content: "", phone: "", error: "" });
      kiosk.go("complaint-filed");
    },
    typePhone(key) { c().phone = padTyped(c().phone, key, PHONE_DIGITS); c().error = ""; kiosk.render(); },
    typeNumber(key) { c().typed = padTyped(c().typed, key, NUMBER_DIGITS); c().findError = ""; kiosk.render(); },
    typeCode(key) { c().code = padTyped(c().code, key, CODE_DIGITS); c().rateError = ""; kiosk.render(); },
    async find() {
      const answer = await kiosk.ask(`/api/v1/complaints/TS${encodeURIComponent(c().typed)}`);
      if (!answer) return;
      const e = answer.error;
      if (e) {
        c().findError = e.status === 400 ? t("complaintNumberWrong") : e.status === 404 ? t("complaintUnknown") : t("failed", e.message);
        kiosk.render();
        return;
      }
      Object.assign(c(), { found: answer.data, code: "", rateError: "" });
      kiosk.go("complaint-result");
    },
    async rate(satisfied) {
      const answer = await kiosk.ask(`/api/v1/complaints/${encodeURIComponent(c().found.number)}/rating`,
        { method: "POST", body: { satisfied, code: c().code } });
      if (!answer) return;
      if (answer.error) {
        c().rateError = answer.error.status === 403 ? t("complaintCodeWrong") : t("failed", answer.error.message);
        c().code = "";
        kiosk.render();
        return;
      }
      Object.assign(c(), { found: answer.data, rateError: "", code: "" });
      kiosk.render();
    },
  };
  const on = (id, handler) => $(id).addEventListener("click", handler);
  on("complaint-new", flow.open); on("complaint-lookup", () => kiosk.go("complaint-find"));
  $("complaint-result-body").addEventListener("click", (e) => {
    const button = e.target.closest("[data-rate]");
    if (button) flow.rate(button.dataset.rate === "yes");
  });
  on("complaint-next", flow.next); on("complaint-submit", flow.submit); on("complaint-look", flow.find);
  show($("complaint-phone-pad"), numberPad(flow.typePhone, { prefix: "phone-pad" }));
  show($("complaint-pad"), numberPad(flow.typeNumber, { prefix: "complaint-pad" }));
  show($("complaint-code-pad"), numberPad(flow.typeCode, { prefix: "complaint-code-pad" }));
  return flow;
}
