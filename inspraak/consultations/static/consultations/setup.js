// SPDX-License-Identifier: EUPL-1.2
// Set-up pages: a "copy" button for the invitation link (progressive enhancement: the
// link stays selectable in its field without JavaScript).
"use strict";
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.dataset.copy);
  var status = document.getElementById(button.dataset.status);
  if (!field) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    field.select();
    var done = function () { if (status) status.textContent = button.dataset.done; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        document.execCommand("copy"); done();
      });
    } else {
      document.execCommand("copy"); done();
    }
  });
});
