// A complaint taken by phone, by letter or at the window, entered by the staff member who
// took it as it was taken (seed 004 §10.2 电话、信件、现场投诉): one form for the supervisor's
// complaints page and the window console, posting to /api/v1/complaints/by-staff.
import { api, el } from "/hall.js";

const TYPES = [["attitude", "服务态度"], ["efficiency", "办事效率"], ["extraRequirements", "增加材料或环节"],
  ["fees", "收费问题"], ["misconduct", "违规违纪"], ["other", "其他"]];

/**
 * The entry form. `channels` lists the channels offered, first the default ("window" first at
 * a window, where the citizen stands); `filed(complaint)` is called after each entry.
 */
export function complaintEntryForm({ channels = ["phone", "letter", "window"], filed = () => {} } = {}) {
  const names = { phone: "电话", letter: "信件", window: "窗口" };
  const field = (label, id, control) => [el("label", { for: id }, label), control];
  const input = (id, attributes = {}) => el("input", { id, autocomplete: "off", ...attributes });
  const status = el("p", { id: "enter-status", role: "status" });
  const windows = el("select", { id: "enter-window" }, el("option", { value: "" }, "（无）"));
  const form = el("form", { id: "enter", class: "enter" },
    field("渠道", "enter-channel", el("select", { id: "enter-channel" }, channels.map((c) => el("option", { value: c }, names[c])))),
    field("类型", "enter-type", el("select", { id: "enter-type" }, TYPES.map(([v, n]) => el("option", { value: v }, n)))),
    field("被投诉窗口", "enter-window", windows),
    field("被投诉单位或部门", "enter-unit", input("enter-unit", { maxlength: "60" })),
    field("被投诉人工号", "enter-staff", input("enter-staff")),
    field("投诉内容", "enter-content", el("textarea", { id: "enter-content", required: true, maxlength: "2000" })),
    field("投诉人要求", "enter-demand", input("enter-demand", { required: true, maxlength: "500" })),
    field("投诉人姓名", "enter-name", input("enter-name", { maxlength: "40" })),
    field("联系电话", "enter-phone", input("enter-phone", { inputmode: "tel" })),
    el("button", { type: "submit" }, "登记"), status);
  const value = (id) => form.querySelector("#" + id).value.trim() || undefined;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const complaint = await api("/api/v1/complaints/by-staff", { method: "POST", body: {
        channel: value("enter-channel"), type: value("enter-type"), window: value("enter-window"), unit: value("enter-unit"),
        staffID: value("enter-staff"), content: form.querySelector("#enter-content").value, demand: form.querySelector("#enter-demand").value,
        name: value("enter-name"), phone: value("enter-phone") } });
      form.reset();
      // The number is what the citizen keeps: they look the result up with it (§10.3), and
      // rate the result with the code (§12.3.6a), which is shown this once.
      status.textContent = `已登记，投诉编号 ${complaint.number}，答复期限 ${complaint.answerDue}` +
        (complaint.ratingCode ? `；评价码 ${complaint.ratingCode}（只告知投诉人，凭它评价处理结果）` : "");
      await filed(complaint);
    } catch (e) {
      status.textContent = "未登记：" + e.message;
    }
  });
  api("/api/v1/windows").then(({ windows: list }) => {
    for (const w of list) windows.append(el("option", { value: w.window.id }, `${w.window.id} 号窗口 ${w.window.name}`));
  }).catch(() => { /* a unit can still be named */ });
  return form;
}
