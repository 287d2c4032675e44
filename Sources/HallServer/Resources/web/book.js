// The citizen's booking page for phones (预约, R2; seed 004 §8.2): item, day, slot, identity,
// then the code; cancel with the code and the last four ID characters. What the citizen
// types lives only in the form and in `state`, never in storage or in the address.
import { api, el, show } from "/hall.js";
import { clock, dayLabel, longDay, refusal } from "/book-text.js";

const $ = (id) => document.getElementById(id);
let hall = { timeZone: "Asia/Shanghai" };
let today = "";
let offers = [];
const state = { offer: null, day: null, slot: null, booked: null, found: null };

/** Shows one step, its heading focused so a screen reader starts there. */
function step(id) {
  for (const section of document.querySelectorAll("section.step")) section.hidden = section.id !== id;
  $("go-book").setAttribute("aria-pressed", String(id !== "cancel"));
  $("go-cancel").setAttribute("aria-pressed", String(id === "cancel"));
  $(id).querySelector("h2").focus();
  scrollTo(0, 0);
}

const choice = (label, sub, attributes) =>
  el("button", { type: "button", class: "choice", ...attributes }, el("span", {}, label), sub ? el("small", {}, sub) : null);

// -- 1 the item ---------------------------------------------------------------------------
function drawOffers() {
  show($("offers"), offers.length ? offers.map((o) => choice(o.name, `每个时段 ${o.slotMinutes} 分钟，可约 ${o.capacity} 人`,
    { dataset: { offer: o.id }, onclick: () => chooseOffer(o) })) : el("p", {}, "本大厅暂无可预约的事项，请直接到大厅取号。"));
}

function chooseOffer(offer) {
  state.offer = offer;
  $("day-item").textContent = "事项：" + offer.name;
  show($("days"), offer.days.length ? offer.days.map((d) => choice(dayLabel(d, today), null, { dataset: { day: d }, onclick: () => chooseDay(d) }))
    : el("p", {}, "近期没有可预约的日期，请直接到大厅取号。"), back("step-item", "重新选择事项"));
  step("step-day");
}

// -- 2 the day, 3 the slot ----------------------------------------------------------------
async function chooseDay(day, note = "") {
  state.day = day;
  $("slot-day").textContent = `${state.offer.name} · ${dayLabel(day, today)}`;
  $("slot-error").textContent = note;
  show($("slots"), el("p", {}, "正在读取时段…"));
  step("step-slot");
  let slots;
  try {
    slots = (await api(`/api/v1/appointments/slots?item=${encodeURIComponent(state.offer.id)}&date=${day}`)).slots;
  } catch (e) {
    $("slot-error").textContent = refusal(e).text;
    show($("slots"), back("step-day", "重新选择日期"));
    return;
  }
  show($("slots"), slots.length ? slots.map((s) => {
    const time = `${clock(s.start, hall.timeZone)}–${clock(s.end, hall.timeZone)}`;
    return choice(time, s.available > 0 ? `余 ${s.available} 个名额` : "已约满",
      { dataset: { start: s.start }, disabled: s.available <= 0, "aria-label": `${time}，${s.available > 0 ? `余 ${s.available} 个名额` : "已约满"}`,
        onclick: () => chooseSlot(s, time) });
  }) : el("p", {}, "这一天已没有可预约的时段，请选择其他日期。"), back("step-day", "重新选择日期"));
}

function chooseSlot(slot, time) {
  state.slot = { ...slot, time };
  $("identity-slot").textContent = `${state.offer.name} · ${longDay(state.day)} ${time}`;
  $("book-error").textContent = "";
  step("step-identity");
}

function back(to, label) {
  return el("button", { type: "button", class: "back", onclick: () => step(to) }, label);
}

// -- 4 identity ---------------------------------------------------------------------------
function fieldError(id, text) {
  $(id + "-error").textContent = text;
  if (text) $(id).setAttribute("aria-invalid", "true"); else $(id).removeAttribute("aria-invalid");
}

/** What the page can tell before asking the hall: empty fields, a phone that is no number. */
function checkFields() {
  const idNumber = $("id-number").value.trim().toUpperCase(), name = $("name").value.trim(), phone = $("phone").value.replace(/[\s-]/g, "");
  fieldError("id-number", !idNumber ? "请填写身份证件号码。" : "");
  fieldError("name", !name ? "请填写姓名。" : "");
  fieldError("phone", !phone ? "请填写手机号码。" : /^1[3-9]\d{9}$/.test(phone) ? "" : "请填写 11 位手机号码：预约提醒以短信发送。");
  const wrong = ["id-number", "name", "phone"].find((id) => $(id).getAttribute("aria-invalid"));
  if (wrong) { $(wrong).focus(); return null; }
  return { idNumber, name, phone };
}

let sending = false;
async function submitBooking(event) {
  event.preventDefault();
  if (sending) return;
  $("book-error").textContent = "";
  const fields = checkFields();
  if (!fields) return;
  sending = true;
  $("submit-booking").disabled = true;
  try {
    const booking = await api("/api/v1/appointments", { method: "POST", body: { item: state.offer.id, start: state.slot.start, ...fields } });
    $("identity").reset();  // nothing typed stays in the page once booked
    showBooked(booking);
  } catch (e) {
    const { field, text } = refusal(e);
    if (field === "slot") { chooseDay(state.day, text); return; }
    if (field === "id-number") { fieldError("id-number", text); $("id-number").focus(); return; }
    if (e.code === "invalid_request" && /phone/.test(e.message)) { fieldError("phone", "请填写正确的手机号码（7 到 15 位数字）。"); return; }
    if (e.code === "invalid_request" && /name/.test(e.message)) { fieldError("name", "姓名最多 40 个字。"); return; }
    $("book-error").textContent = text;
  } finally {
    sending = false;
    $("submit-booking").disabled = false;
  }
}

function summary(booking) {
  const rows = [["事项", booking.name], ["日期", longDay(booking.date)], ["时段", booking.slot], ["办事人", `${booking.holder} ${booking.idNumber}`],
    ["状态", booking.stateName]];
  return rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]);
}

function showBooked(booking) {
  state.booked = booking;
  $("code").textContent = booking.code;
  $("code").setAttribute("aria-label", "预约码 " + booking.code.split("").join(" "));
  show($("done-summary"), summary(booking));
  step("step-done");
}

// -- cancel -------------------------------------------------------------------------------
function openCancel(code = "") {
  $("cancel-form").reset();
  $("cancel-code").value = code;
  $("cancel-error").textContent = "";
  show($("cancel-found"));
  state.found = null;
  step("cancel");
}

const cancelPath = () => `/api/v1/appointments/${encodeURIComponent($("cancel-code").value.trim())}?id4=${encodeURIComponent($("cancel-id4").value.trim().toUpperCase())}`;

function cancelError(e) {
  if (e.status === 404) return "预约码或证件号码后四位不对，请核对后再试。";
  if (e.status === 429) return "操作太频繁，请一分钟后再试。";
  if (e.code === "not_active") return "此预约已不能取消（已签到、已取消或已过期）。";
  return "暂时无法取消：" + e.message;
}

async function findBooking(event) {
  event.preventDefault();
  $("cancel-error").textContent = "";
  show($("cancel-found"));
  if (!$("cancel-code").value.trim() || !/^[0-9Xx]{4}$/.test($("cancel-id4").value.trim())) {
    $("cancel-error").textContent = "请填写 8 位预约码和证件号码后四位（数字，末位可能是 X）。";
    return;
  }
  try {
    state.found = await api(cancelPath());
  } catch (e) { $("cancel-error").textContent = cancelError(e); return; }
  const b = state.found;
  show($("cancel-found"), el("h3", {}, "预约 " + b.code), el("dl", { class: "summary" }, summary(b)),
    b.state === "booked" ? el("button", { id: "confirm-cancel", type: "button", class: "primary danger", onclick: confirmCancel }, "确认取消预约")
      : el("p", {}, "此预约" + b.stateName + "，无需取消。"));
  $("cancel-found").querySelector("h3").setAttribute("tabindex", "-1");
  $("cancel-found").querySelector("h3").focus();
}

async function confirmCancel() {
  try {
    const b = await api(cancelPath(), { method: "DELETE" });
    $("cancel-form").reset();
    state.booked = null;
    show($("cancel-found"), el("p", { class: "ok", role: "status", id: "cancelled" }, `已取消 ${longDay(b.date)} ${b.slot} 的预约，名额已释放。`),
      el("button", { type: "button", class: "primary", onclick: restart }, "重新预约"));
  } catch (e) { $("cancel-error").textContent = cancelError(e); }
}

async function restart() {
  await loadOffers();
  step("step-item");
}

// -- start --------------------------------------------------------------------------------
async function loadOffers() {
  const answer = await api("/api/v1/appointments/offers");
  today = answer.today;
  offers = answer.offers.filter((o) => o.days.length);
  drawOffers();
}

$("identity").addEventListener("submit", submitBooking);
$("cancel-form").addEventListener("submit", findBooking);
$("go-book").addEventListener("click", () => step(state.booked ? "step-done" : "step-item"));
$("go-cancel").addEventListener("click", () => openCancel());
$("cancel-this").addEventListener("click", () => openCancel(state.booked?.code ?? ""));
$("book-again").addEventListener("click", restart);

(async () => {
  try {
    hall = await api("/api/v1/hall");
    $("hall").textContent = hall.hallName + " · 预约办事";
    if (hall.complaintPhone) $("phone-line").textContent = " 咨询投诉电话：" + hall.complaintPhone;
    await loadOffers();
    document.body.dataset.ready = "true";
  } catch (e) {
    show($("offers"), el("p", { class: "error", role: "alert" }, "暂时无法读取可预约的事项：" + e.message));
  }
})();
