// SPDX-License-Identifier: EUPL-1.2
// Report editor: save a section's wording in place, without reloading the page (and so
// without losing the scroll position). Without this script the form posts normally and
// the server sends the browser back to the same section.
(function () {
  "use strict";
  function shown(form, text) {
    var section = form.closest("section.theme, section.session, li");
    if (!section) return;
    var box = section.querySelector(":scope > p.edited");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("p");
      box.className = "edited";
      form.closest("details").before(box);
    }
    box.textContent = text;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("report-edit")) return;
    event.preventDefault();
    var status = form.querySelector(".save-status");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "inspraak-editor" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      status.textContent = result.data.message || "";
      if (result.ok) shown(form, form.querySelector("textarea").value.trim());
    }).catch(function () {
      form.submit();  // the server does it the plain way
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
