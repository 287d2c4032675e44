// The decision at the window console (R4): 受理; 一次性告知 listing every open line at once;
// 容缺受理 with the supply date, the way to supply, what happens when it lapses and the signed
// pledge; 不予受理 with written reasons and legal basis. Filled from the checklist, so the
// clerk types only what the checklist cannot know.
import { el } from "/hall.js";

const CHOICES = [["accept", "受理"], ["correct", "一次性告知补正"], ["accept-with-deficiencies", "容缺受理"], ["refuse", "不予受理"]];
const SATISFIED = ["present", "dataSharing", "producedInBundle"];

/** How printing a document went, as a short note after its title. */
export function printedText(o) {
  if (!o) return "";
  switch (o.state) {
    case "printed": return `（已在 ${o.printer} 打印）`;
    case "failed": return `（打印失败：${o.reason ?? o.code ?? "原因不明"}）`;
    case "skipped": return "（本窗口没有打印机，未打印）";
    default: return `（正在打印：${o.printer ?? ""}）`;
  }
}

function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function field(id, label, input) {
  return el("p", { class: "row" }, el("label", { for: id }, label), input);
}

/** The decision form of a received case; `submit(body)` posts it. */
export function decisionForm(c, submit) {
  const open = c.materials.filter((m) => m.required && !SATISFIED.includes(m.status));
  const suggested = open.length === 0 ? "accept" : open.some((m) => m.key) ? "correct" : "accept-with-deficiencies";
  const fields = el("div", { id: "decision-fields" });
  let collect = () => null;

  function fill(choice) {
    const parts = [];
    if (choice === "accept") {
      parts.push(el("p", {}, open.length ? `尚有材料未齐（${open.map((m) => m.name).join("、")}），不能直接受理。`
        : "材料齐全，当场受理并打印受理通知书。"));
      collect = () => ({ decision: "accept" });
    } else if (choice === "correct") {
      const remedies = open.map((m, i) => {
        const input = el("input", { id: "remedy-" + i, required: true, value: m.status === "flawed" ? "按要求重新提供" : "携带原件到窗口提交" });
        parts.push(field("remedy-" + i, `${m.name}（${m.status === "flawed" ? m.note || "不符合要求" : "未提交"}）补正方式`, input));
        return input;
      });
      if (!open.length) parts.push(el("p", {}, "没有需补正的材料。"));
      collect = () => ({ decision: "correct", items: open.map((m, i) => ({
        materialID: m.materialID, name: m.name, problem: m.status === "flawed" ? m.note || "不符合要求" : "未提交", remedy: remedies[i].value })) });
    } else if (choice === "accept-with-deficiencies") {
      const limit = Math.max(0, ...c.subCases.map((s) => s.promisedLimitDays ?? 0));
      const supplyBy = el("input", { id: "supply-by", type: "date", required: true, min: day(0), value: day(Math.min(limit, 5)) });
      const how = el("input", { id: "supply-form", required: true, value: "携带原件到窗口补交" });
      const lapse = el("input", { id: "consequence", required: true, value: "逾期未补齐的，本次受理作废，按不予受理处理" });
      const pledge = el("input", { id: "pledge-signed", type: "checkbox", required: true });
      parts.push(el("p", {}, `容缺材料：${open.map((m) => m.name).join("、") || "无"}`),
        field("supply-by", "补齐期限", supplyBy), field("supply-form", "补交方式", how), field("consequence", "逾期处理", lapse),
        el("p", { class: "row" }, pledge, el("label", { for: "pledge-signed" }, "申请人已签署容缺受理承诺书")));
      collect = () => ({ decision: "accept-with-deficiencies", materialIDs: open.map((m) => m.materialID), supplyBy: supplyBy.value,
                         form: how.value, consequence: lapse.value, pledgeSigned: pledge.checked });
    } else {
      const reasons = el("textarea", { id: "refuse-reasons", required: true, rows: 3 });
      const basis = el("input", { id: "legal-basis", required: true });
      parts.push(field("refuse-reasons", "不予受理的理由（每行一条）", reasons), field("legal-basis", "法律依据", basis));
      collect = () => ({ decision: "refuse", reasons: reasons.value.split("\n").map((r) => r.trim()).filter(Boolean), legalBasis: basis.value });
    }
    fields.replaceChildren(...parts);
  }

  const radios = CHOICES.map(([value, label]) => el("label", { class: "choice" },
    el("input", { type: "radio", name: "decision", value, checked: value === suggested, onchange: () => fill(value) }), " " + label));
  const form = el("form", { id: "decision", class: "decision" }, el("fieldset", {}, el("legend", {}, "受理决定"), radios), fields,
    el("button", { type: "submit", id: "decide", class: "action" }, "提交决定"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = collect();
    if (body) submit(body);
  });
  fill(suggested);
  return form;
}
