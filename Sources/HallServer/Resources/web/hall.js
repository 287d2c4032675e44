// The hall pages' one shared module: JSON requests with the page's credential, errors as
// sentences, elements built with textContent (never HTML strings), and staff sign-in.

/** A kiosk's device token: given once as ?device=TOKEN by its browser unit, then kept. */
export function deviceToken() {
  const given = new URLSearchParams(location.search).get("device");
  if (given) {
    localStorage.setItem("onevisit.device", given);
    const url = new URL(location.href);
    url.searchParams.delete("device");
    history.replaceState(null, "", url);  // the token never stays in the address bar
  }
  return localStorage.getItem("onevisit.device");
}

/** An API error with the hall's stable code and a sentence for people. */
export class APIError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

/**
 * A JSON request to the hall. Staff pages ride on the session cookie; a kiosk adds its
 * device token. Resolves to the decoded body, or throws an APIError.
 */
export async function api(path, { method = "GET", body, device = false } = {}) {
  const headers = {};
  if (body !== undefined || method !== "GET") headers["content-type"] = "application/json";
  const token = device ? deviceToken() : null;
  if (token) headers.authorization = "Bearer " + token;
  // No request hangs a screen: the slowest route (a device test) waits at most 15 s.
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: "same-origin", signal: AbortSignal.timeout(30000),
                              body: body === undefined ? (method === "GET" || method === "DELETE" ? undefined : "{}") : JSON.stringify(body) });
  } catch (e) {
    throw new APIError(0, e.name === "TimeoutError" ? "timeout" : "unreachable",
                       e.name === "TimeoutError" ? "服务器未及时响应，请稍后再试" : "无法连接服务器，请稍后再试");
  }
  const text = await res.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch {
    // A proxy's or a crashed daemon's page instead of the hall's JSON: still an APIError.
    if (res.ok) throw new APIError(res.status, "not_json", "the hall answered something that is not JSON");
  }
  if (!res.ok) throw new APIError(res.status, data.error?.code ?? "http_" + res.status, data.error?.message ?? res.statusText);
  return data;
}

/** el("p", {class: "x", dataset: {id: "1"}}, "text", child…): children are text or nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces the children of `node`. */
export function show(node, ...children) { node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined)); }

/**
 * The signed-in staff member, or, when nobody is, a sign-in form (工号, 密码, 登录) in
 * `container` that resolves once the sign-in succeeded.
 */
export async function signedIn(container) {
  try { return await api("/api/v1/session"); } catch (e) { if (e.status !== 401) throw e; }
  return new Promise((resolve) => {
    const id = el("input", { id: "staff-id", autocomplete: "username", required: true });
    const password = el("input", { id: "password", type: "password", autocomplete: "current-password", required: true });
    const note = el("p", { class: "error", role: "alert" });
    const form = el("form", { class: "signin" },
      el("label", { for: "staff-id" }, "工号"), id,
      el("label", { for: "password" }, "密码"), password,
      el("button", { type: "submit", class: "tile" }, "登录"), note);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const started = await api("/api/v1/session", { method: "POST", body: { staffID: id.value.trim(), password: password.value } });
        form.remove();
        resolve(started.staff);
      } catch (e) {
        note.textContent = e.message;
      }
    });
    container.prepend(form);
    id.focus();
  });
}
