// The supervisor's day of appointments (R2; seed 004 §8.2; issue 14): per slot capacity,
// booked, checked in, no-shows and cancelled; the closures; the bookings masked by the hall.
import { api, el, show, signedIn } from "/hall.js";

const $ = (id) => document.getElementById(id);
let timeZone = "Asia/Shanghai";
const STATE_NAMES = { booked: "已预约", checkedIn: "已签到", cancelled: "已取消", noShow: "未到" };

const clock = (iso) => new Intl.DateTimeFormat("zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(iso));
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());  // YYYY-MM-DD
const row = (cells, head = false, attrs = {}) => el("tr", attrs, cells.map(([text, cls]) => el(head ? "th" : "td", { class: cls, scope: head ? "col" : undefined }, text)));

function drawDay(day) {
  const sum = (key) => day.slots.reduce((n, s) => n + s[key], 0);
  show($("totals"), [["可约名额", sum("capacity")], ["已预约", sum("booked")], ["已签到", sum("checkedIn")], ["未到", sum("noShows")], ["已取消", sum("cancelled")]]
    .map(([name, value]) => el("li", { dataset: { total: name } }, el("span", {}, name), el("b", {}, String(value)))));
  show($("closures"), day.closures.length ? el("ul", {}, day.closures.map((c) =>
    el("li", {}, `${c.from ? `${c.from}–${c.to}` : "全天"} · ${c.item ?? "全部事项"} · ${c.reason}`))) : el("p", {}, "当日没有停止预约的时段。"));
  const num = "num";
  show($("slots"), el("caption", {}, `${day.date} 各事项各时段的预约`),
    el("thead", {}, row([["事项"], ["时段"], ["名额", num], ["已预约", num], ["已签到", num], ["未到", num], ["已取消", num]], true)),
    el("tbody", {}, day.slots.length ? day.slots.map((s) => row([[s.itemName], [`${clock(s.start)}–${clock(s.end)}`], [String(s.capacity), num],
      [String(s.booked), num], [String(s.checkedIn), num], [String(s.noShows), num], [String(s.cancelled), num]], false,
      { class: s.booked >= s.capacity ? "full" : undefined, dataset: { item: s.item, start: s.start } }))
      : el("tr", {}, el("td", { colspan: "7" }, "当日没有可预约的时段。"))));
  show($("bookings"), el("caption", {}, "姓名和证件号码按规定遮蔽显示"),
    el("thead", {}, row([["预约码"], ["事项"], ["时段"], ["办事人"], ["证件号码"], ["状态"], ["签到时间"]], true)),
    el("tbody", {}, day.bookings.length ? day.bookings.map((b) => row([[b.code], [b.itemName], [clock(b.start)], [b.maskedName], [b.maskedIDNumber],
      [STATE_NAMES[b.state] ?? b.state], [b.checkedInAt ? clock(b.checkedInAt) : "—"]], false, { dataset: { code: b.code } }))
      : el("tr", {}, el("td", { colspan: "7" }, "当日没有预约。"))));
}

async function load(date) {
  $("day-status").textContent = "读取中…";
  try {
    drawDay(await api(`/api/v1/appointments/day?date=${date}`));
    $("day-status").textContent = `${date} 已更新`;
  } catch (e) {
    $("day-status").textContent = "无法读取：" + e.message;
  }
}

(async () => {
  const staff = await signedIn($("main"));
  if (!staff.roles?.includes("supervisor")) {
    show($("main"), el("p", { class: "error", role: "alert" }, "此页面仅供督查人员使用。"));
    return;
  }
  try { timeZone = (await api("/api/v1/hall")).timeZone || timeZone; } catch { /* the default zone stays */ }
  $("day-view").hidden = false;
  // The hall's own day (its clock, not this PC's), falling back to this PC's day in the hall's zone.
  $("date").value = await api("/api/v1/queues").then((q) => q.serviceDay).catch(() => today());
  $("pick-day").addEventListener("submit", (event) => { event.preventDefault(); load($("date").value); });
  await load($("date").value);
  document.body.dataset.ready = "true";
})();
