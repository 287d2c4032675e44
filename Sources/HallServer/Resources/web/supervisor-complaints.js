// The supervisor's complaints (投诉, seed 004 §10): the list by state with each deadline's
// yellow or red card and the complainant masked; a complaint opened in full (an audited
// read); its steps — 开始调查, 答复 (result and measures), 办结 — and 公开整改措施 (§10.4);
// and a phone call, letter or complaint at the window entered as it was taken (§10.2).
import { api, el, show, signedIn } from "/hall.js";
import { complaintEntryForm } from "/complaint-entry.js";

const $ = (id) => document.getElementById(id);
const row = (cells, head = false, attrs = {}) => el("tr", attrs, cells.map((c) => el(head ? "th" : "td", { scope: head ? "col" : undefined }, c)));
const STEPS = { received: [["investigate", "开始调查"]], investigating: [], answered: [["close", "办结"]], closed: [] };

function deadline(c) {
  if (c.daysLeft === undefined || c.daysLeft === null) return c.answerDue;
  return `${c.answerDue}（${c.daysLeft >= 0 ? `剩 ${c.daysLeft} 个工作日` : `超期 ${-c.daysLeft} 个工作日`}）${c.cardName ? " " + c.cardName : ""}`;
}

function drawList(list) {
  show($("complaints"), el("caption", {}, "投诉人姓名按规定遮蔽显示；详情的查看留有记录"),
    el("thead", {}, row(["编号", "渠道", "类型", "投诉对象", "被投诉人", "投诉人", "状态", "答复期限", "整改措施", ""], true)),
    el("tbody", {}, list.length ? list.map((c) => row([c.number, c.channelName, c.typeName,
      [c.windowID ? `${c.windowID} 号窗口` : "", c.unit ?? ""].filter(Boolean).join(" · "), c.staffName ?? "—", c.complainant ?? "匿名",
      c.stateName, deadline(c), c.published ? "已公开" : "—",
      el("button", { type: "button", dataset: { open: c.number }, onclick: () => openDetail(c.number) }, "详情")], false,
      { class: c.card !== "none" ? c.card : undefined, dataset: { complaint: c.number, state: c.state } }))
      : el("tr", {}, el("td", { colspan: "10" }, "没有投诉。"))));
}

async function loadList() {
  $("list-status").textContent = "读取中…";
  try {
    const state = $("state").value;
    drawList((await api("/api/v1/complaints" + (state ? `?state=${state}` : ""))).complaints);
    $("list-status").textContent = "已更新";
  } catch (e) {
    $("list-status").textContent = "无法读取：" + e.message;
  }
}

async function step(number, path, body) {
  try {
    await api(`/api/v1/complaints/${number}/${path}`, { method: "POST", body });
    await loadList();
    await openDetail(number, "已保存");
  } catch (e) {
    $("detail-status").textContent = e.message;
  }
}

function answerForm(number) {
  const result = el("textarea", { id: "answer-result", required: true, maxlength: 2000 });
  const measures = el("textarea", { id: "answer-measures", required: true, maxlength: 2000 });
  const upheld = el("input", { id: "answer-upheld", type: "checkbox" });
  const form = el("form", { id: "answer-form" },
    el("label", { for: "answer-result" }, "处理结果（按编号向投诉人反馈，不含个人信息）"), result,
    el("label", { for: "answer-measures" }, "整改措施（可公开）"), measures,
    el("label", {}, upheld, " 投诉属实"),
    el("button", { type: "submit" }, "答复"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    step(number, "answer", { result: result.value, measures: measures.value, upheld: upheld.checked });
  });
  return form;
}

async function openDetail(number, status = "") {
  $("detail").hidden = false;
  let full;
  try { full = await api(`/api/v1/complaints/${number}/full`); } catch (e) { $("detail-status").textContent = e.message; return; }
  const c = full.complaint;
  const when = (s) => s ? `${new Date(s.at).toLocaleString("zh-CN")} · ${s.by}` : "—";
  show($("detail-body"),
    el("dl", { dataset: { complaint: c.number } }, [
      ["编号", c.number], ["渠道", full.channelName], ["类型", full.typeName], ["投诉对象", [c.windowID && `${c.windowID} 号窗口`, c.unit].filter(Boolean).join(" · ")],
      ["被投诉人", c.staffName ? `${c.staffName}（${c.staffID}）` : "—"], ["投诉人", c.complainant?.name ?? "匿名"], ["电话", c.complainant?.phone ?? "—"],
      ["投诉内容", c.content], ["投诉人要求", c.demand], ["状态", full.stateName], ["答复期限", `${full.deadline.due} ${full.cardName}`],
      ["受理", when(c.received)], ["调查", when(c.investigating)], ["答复", when(c.answered)], ["办结", when(c.closed)],
      ["处理结果", c.answer?.result ?? "—"], ["整改措施", c.answer?.measures ?? "—"], ["公开", c.published ? when(c.published) : "未公开"],
    ].flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)])),
    el("div", { class: "steps" }, STEPS[c.state].map(([path, label]) =>
      el("button", { type: "button", dataset: { step: path }, onclick: () => step(c.number, path) }, label)),
      (c.state === "answered" || c.state === "closed") && !c.published
        ? el("button", { type: "button", dataset: { step: "publish" }, onclick: () => step(c.number, "publish") }, "公开整改措施") : null),
    c.state === "investigating" ? answerForm(c.number) : null);
  $("detail-status").textContent = status;
  $("h-detail").focus();
}

(async () => {
  const staff = await signedIn($("main"));
  if (!staff.roles?.includes("supervisor")) {
    show($("main"), el("p", { class: "error", role: "alert" }, "此页面仅供督查人员使用。"));
    return;
  }
  $("complaints-view").hidden = false;
  $("filter").addEventListener("submit", (event) => { event.preventDefault(); loadList(); });
  show($("enter-box"), complaintEntryForm({ filed: loadList }));
  await loadList();
  document.body.dataset.ready = "true";
})();
