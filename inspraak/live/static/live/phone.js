// SPDX-License-Identifier: EUPL-1.2
// The phone: every form works without this script; with it the page updates in place.
// A post-it gets its id here, in the browser, and keeps it through retries (the server
// never stores it twice); the draft survives reloads. Errors come back as JSON with a
// sentence to show. The event stream only reloads the page when the room changes.
(function () {
  "use strict";
  var code = location.pathname.split("/")[2];
  var key = "inspraak-draft-" + code;
  var form = document.getElementById("postit-form");
  var status = document.getElementById("status");
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function load() { try { return JSON.parse(localStorage.getItem(key)) || null; } catch (e) { return null; } }
  function save(d) { try { d ? localStorage.setItem(key, JSON.stringify(d)) : localStorage.removeItem(key); } catch (e) {} }
  function say(text) { if (status) status.textContent = text; }

  function post(target, data) {
    return fetch(target.getAttribute("action"), { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, ok: r.ok, body: body }; });
      });
  }

  if (form) {
    var text = form.elements.text, id = form.elements.client_id;
    var draft = load();
    if (draft && draft.text && !text.value) { text.value = draft.text; id.value = draft.id; }
    else id.value = uuid();
    text.addEventListener("input", function () { save({ text: text.value, id: id.value }); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      save({ text: text.value, id: id.value });
      send(new FormData(form), 0);
    });
  }

  function send(data, attempt) {
    say(form.dataset.sending);
    post(form, data).then(function (res) {
      if (res.ok) return posted(res.body);
      if (res.status === 409) id.value = uuid();  // the id was used: the next try gets a new one
      if (res.status >= 500) return retry(data, attempt, res.body.error);
      say(res.body.error || String(res.status));
    }, function () { retry(data, attempt, form.dataset.offline); });
  }
  function retry(data, attempt, message) {
    // Offline or the server restarts: try again with the same id; the draft stays.
    say(message || form.dataset.offline);
    setTimeout(function () { send(data, attempt + 1); }, Math.min(500 * Math.pow(2, attempt), 8000));
  }
  function posted(body) {
    save(null);
    var list = document.getElementById("mine"), li = document.createElement("li");
    li.textContent = body.text;
    list.appendChild(li);
    document.getElementById("mine-section").hidden = false;
    var left = document.getElementById("left"), n = Math.max(0, Number(left.dataset.left) - (body.created ? 1 : 0));
    left.dataset.left = n;
    left.textContent = form.dataset.leftTemplate.replace("%(n)s", n);
    form.elements.text.value = "";
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (r) { r.checked = false; });
    form.elements.client_id.value = uuid();
    say(form.dataset.sent);
    if (!n) { form.hidden = true; document.getElementById("used-up").hidden = false; }
  }

  // Votes and "ik ook": the same forms, answered in place.
  document.addEventListener("submit", function (ev) {
    var f = ev.target, button = ev.submitter;
    if (f.id === "vote-form" && button) {
      ev.preventDefault();
      var data = new FormData(f); data.append("value", button.value);
      post(f, data).then(function (res) {
        var out = document.getElementById("vote-status");
        if (!res.ok) { out.textContent = res.body.error || String(res.status); return; }
        Array.prototype.forEach.call(f.querySelectorAll("button"), function (b) { b.setAttribute("aria-pressed", String(b === button)); });
        out.textContent = f.dataset.done;
      }, function () { document.getElementById("vote-status").textContent = form ? form.dataset.offline : "…"; });
    } else if (f.classList.contains("endorse")) {
      ev.preventDefault();
      post(f, new FormData(f)).then(function (res) {
        var b = f.querySelector("button");
        if (!res.ok) { b.title = res.body.error || ""; return; }
        b.setAttribute("aria-pressed", String(res.body.endorsed));
        var undo = f.querySelector("[name=undo]");
        if (res.body.endorsed && !undo) { undo = document.createElement("input"); undo.type = "hidden"; undo.name = "undo"; undo.value = "1"; f.appendChild(undo); }
        else if (!res.body.endorsed && undo) undo.remove();
      });
    }
  });

  if (window.EventSource) {
    var source = new EventSource("/j/" + code + "/events/?after=" + document.body.dataset.last);
    var pending = null;
    ["session_closed", "session_opened", "prompt_opened", "prompt_closed", "poll_opened", "poll_closed",
     "poll_revealed", "postit_hidden", "endorse_opened", "endorse_closed"].forEach(function (kind) {
      source.addEventListener(kind, function () {
        var typing = document.activeElement && document.activeElement.tagName === "TEXTAREA" && document.activeElement.value;
        if (typing) { say("↻"); return; }
        // Spread the room's reloads over a second or two instead of all at once.
        if (!pending) pending = setTimeout(function () { location.reload(); }, Math.random() * 2000);
      });
    });
  }
})();
