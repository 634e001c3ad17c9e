// SPDX-License-Identifier: EUPL-1.2
// The phone: keep a draft through reloads and dropped connections, post with retries
// under one client id (the server never duplicates), reload when the room changes.
(function () {
  "use strict";
  var form = document.getElementById("postit-form");
  var code = location.pathname.split("/")[2];
  var key = "inspraak-draft-" + code;
  function load() { try { return JSON.parse(localStorage.getItem(key)) || null; } catch (e) { return null; } }
  function save(d) { try { d ? localStorage.setItem(key, JSON.stringify(d)) : localStorage.removeItem(key); } catch (e) {} }
  if (form) {
    var text = form.elements.text, id = form.elements.client_id, status = document.getElementById("status");
    var draft = load();
    if (draft && draft.text && !text.value) { text.value = draft.text; id.value = draft.id; }
    text.addEventListener("input", function () { save({ text: text.value, id: id.value }); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      save({ text: text.value, id: id.value });
      send(new FormData(form), 0);
    });
  }
  function send(data, attempt) {
    status.textContent = "…";
    fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        return r.json().then(function (body) {
          if (r.ok) { save(null); location.reload(); }
          else { status.textContent = body.error || r.status; }
        }, function () { status.textContent = r.status; });
      })
      .catch(function () {
        // Offline or the server restarts: retry with the same id, the draft stays.
        status.textContent = "⟳";
        setTimeout(function () { send(data, attempt + 1); }, Math.min(1000 * Math.pow(2, attempt), 15000));
      });
  }
  if (window.EventSource) {
    var source = new EventSource("/j/" + code + "/events/?after=" + document.body.dataset.last);
    ["session_closed", "session_opened", "prompt_opened", "prompt_closed", "poll_opened", "poll_closed", "poll_revealed", "postit_hidden"]
      .forEach(function (kind) {
        source.addEventListener(kind, function () {
          if (!document.activeElement || document.activeElement.tagName !== "TEXTAREA") location.reload();
          else status && (status.textContent = "↻");
        });
      });
  }
})();
