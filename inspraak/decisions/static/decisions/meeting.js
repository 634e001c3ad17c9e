// SPDX-License-Identifier: EUPL-1.2
// Keyboard use of the decision meeting: j/k move, x selects, 1-7 choose a decision,
// d jumps to the explanation. The page works the same without this file.
(function () {
  "use strict";
  var form = document.getElementById("decide-form");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr.decision-row"));
  var radios = form.querySelectorAll("input[name=status]");
  var current = -1;
  function focusRow(i) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r) { r.classList.remove("current"); });
    rows[current].classList.add("current");
    rows[current].querySelector("input[type=checkbox]").focus();
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "textarea" || (tag === "input" && event.target.type !== "checkbox" && event.target.type !== "radio")) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "j") { focusRow(current + 1); event.preventDefault(); }
    else if (event.key === "k") { focusRow(current - 1); event.preventDefault(); }
    else if (event.key === "x" && current >= 0) {
      var box = rows[current].querySelector("input[type=checkbox]");
      box.checked = !box.checked; event.preventDefault();
    } else if (/^[1-7]$/.test(event.key) && radios[Number(event.key) - 1]) {
      if (current >= 0) { rows[current].querySelector("input[type=checkbox]").checked = true; }
      radios[Number(event.key) - 1].checked = true; event.preventDefault();
    } else if (event.key === "d") {
      document.getElementById("explanation").focus(); event.preventDefault();
    }
  });
}());
