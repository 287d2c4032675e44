// The department desk (/department.html; R4 按责转办, 限时办结, seed 001 §二(四)4 red and
// yellow cards): the cases dispatched to the signed-in staff member's department with their
// card, days left and clock; the case itself is department-case.js. Behind department sign-in.
import { api, el, show, signedIn } from "/hall.js";
import { CaseDetail, clockText, daysLeftText, CARD_NAMES } from "/department-case.js";

const $ = (id) => document.getElementById(id);
// A case is with its departments while accepted or with the clock stopped.
const OPEN_STATES = ["accepted", "suspended"];
const CARD_ORDER = { red: 0, yellow: 1, none: 2 };

let me = null;

function say(text, failed = false) {
  const m = $("message");
  m.textContent = text;
  m.classList.toggle("error", failed);
}

const detail = new CaseDetail({ me: () => me, say, changed: () => refresh() });

/** The list answers every case with an item of the department, dispatched or not: the desk
 * keeps those accepted (a promised day exists only from acceptance on). */
function dispatched(cases) {
  const all = $("show-done").value === "all";
  return cases.filter((c) => c.deadline.promisedDue && (all || OPEN_STATES.includes(c.state)))
    .sort((a, b) => CARD_ORDER[a.deadline.card] - CARD_ORDER[b.deadline.card]
      || (a.deadline.daysLeft ?? 99) - (b.deadline.daysLeft ?? 99) || a.number.localeCompare(b.number));
}

function caseCard(c) {
  const heading = "heading-" + c.number;
  const card = c.deadline.card;
  return el("li", { class: "case-card " + card, dataset: { case: c.number, card } },
    el("h3", { id: heading }, el("span", { class: "number" }, c.number), " ", c.title),
    el("p", { class: "facts" },
      el("span", { class: "state" }, c.stateName),
      card !== "none" ? el("span", { class: "badge " + card }, CARD_NAMES[card]) : null,
      el("span", { class: "days" }, daysLeftText(c.deadline)),
      el("span", { class: "clock" }, clockText(c))),
    el("p", { class: "facts" },
      el("span", {}, "承诺办结日 " + c.deadline.promisedDue),
      c.applicant ? el("span", {}, "申请人 " + c.applicant) : null),
    el("button", { type: "button", class: "action", "aria-describedby": heading, onclick: () => detail.open(c.number) }, "办理"));
}

async function refresh() {
  const focused = document.activeElement?.closest?.("li[data-case]")?.dataset.case;
  let cases;
  try {
    cases = dispatched((await api("/api/v1/cases")).cases);
  } catch (e) {
    say("办件列表暂不可用：" + e.message, true);
    return;
  }
  const open = cases.filter((c) => OPEN_STATES.includes(c.state));
  const yellow = open.filter((c) => c.deadline.card === "yellow").length, red = open.filter((c) => c.deadline.card === "red").length;
  $("summary").textContent = `${me.department}：在办 ${open.length} 件，其中黄牌预警 ${yellow} 件、红牌超期 ${red} 件。`;
  show($("cases"), cases.length ? cases.map(caseCard) : [el("li", { class: "empty" }, "暂无派送到本部门的办件。")]);
  if (focused) document.querySelector(`li[data-case="${focused}"] button`)?.focus();
}

async function start() {
  me = await signedIn($("main"));
  if (!me.roles?.includes("department") || !me.department) {
    say("部门办件台供部门工作人员使用，请用部门工号登录。", true);
    return;
  }
  $("who").textContent = `${me.name} · ${me.department}`;
  $("desk").hidden = false;
  $("show-done").addEventListener("change", refresh);
  await refresh();
  setInterval(refresh, 60_000);
}

start().catch((e) => say("部门办件台暂不可用：" + e.message, true));
