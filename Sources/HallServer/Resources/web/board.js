// Display board: shows the latest calls and flashes each new one (server-sent events).
const calls = [];
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
function render(freshSeq) {
  document.getElementById("calls").innerHTML = calls.slice(-8).reverse().map((c) =>
    `<tr class="${c.sequence === freshSeq ? "fresh" : ""}" data-ticket="${esc(c.ticket)}"><td>${esc(c.ticket)}</td><td>请到 ${esc(c.window)} 号窗口 ${esc(c.windowName)}${c.recall ? "（重呼）" : ""}</td></tr>`).join("");
}
async function start() {
  const hall = await (await fetch("/api/v1/hall")).json();
  document.getElementById("hall").textContent = hall.hallName;
  (await (await fetch("/api/v1/board")).json()).calls.forEach((c) => calls.push(c));
  render();
  const source = new EventSource("/api/v1/board/events");
  source.onopen = () => { document.getElementById("status").textContent = "叫号中"; };
  source.onerror = () => { document.getElementById("status").textContent = "连接中断，正在重连…"; };
  source.addEventListener("call", (e) => {
    const call = JSON.parse(e.data);
    if (calls.some((c) => c.sequence === call.sequence)) return;
    calls.push(call);
    render(call.sequence);
  });
}
start();
