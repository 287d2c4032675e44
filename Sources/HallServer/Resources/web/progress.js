// A case's progress by its number (/c/NUMBER, the QR code on its papers): no personal data.
import { api, el, show } from "/hall.js";

const main = document.getElementById("progress");
const number = decodeURIComponent(location.pathname.split("/").pop());
api(`/api/v1/progress/${encodeURIComponent(number)}`).then((p) => {
  show(main,
    el("p", {}, "办件编号 ", el("b", {}, p.number), "　" + p.title),
    el("p", {}, "状态 ", el("b", { id: "state" }, p.stateName), p.card === "red" ? "（已超期）" : ""),
    p.acceptedOn ? el("p", {}, `受理日期 ${p.acceptedOn}　承诺办结日期 ${p.promisedDue}`) : null,
    el("ul", {}, p.items.map((i) => el("li", {}, `${i.name}（${i.department}）${i.steps.join(" → ")} ${i.result ?? ""}`))),
    p.pickup ? el("p", {}, p.pickup) : null);
}).catch((e) => show(main, el("p", { class: "error" }, e.message)));
