// The status page behind a ticket's QR code: the number, its queue and state.
import { api, el, show } from "/hall.js";

const main = document.getElementById("main");
async function refresh() {
  const id = location.pathname.split("/").pop();
  try {
    const t = await api("/api/v1/tickets/" + encodeURIComponent(id));
    show(main,
      el("div", { class: "big" }, t.number),
      el("p", {}, t.queueName + (t.serviceName ? " · " + t.serviceName : "")),
      el("p", {}, "状态：", el("b", {}, t.stateName), t.window ? "，窗口 " + t.window : ""),
      el("p", {}, "取号时间：" + new Date(t.issuedAt).toLocaleString("zh-CN")));
  } catch (e) {
    show(main, el("p", { class: "error" }, e.message));
  }
}
refresh();
setInterval(refresh, 15000);
