// SPDX-License-Identifier: EUPL-1.2
// The wall: new post-its appear from the event stream at once; other changes reload the
// board fragment (server-rendered, so escaped). Drag and drop posts the same form the
// "move to cluster" select does.
(function () {
  "use strict";
  var wall = document.getElementById("wall");
  if (!wall || !wall.dataset.events) return;
  var board = document.getElementById("board");
  var timer = null;
  function refresh() {
    if (timer) return;
    timer = setTimeout(function () {
      timer = null;
      fetch(wall.dataset.board, { credentials: "same-origin" }).then(function (r) { return r.text(); })
        .then(function (html) { board.innerHTML = html; });
    }, 300);
  }
  function addPostit(data) {
    if (document.querySelector('[data-postit="' + data.id + '"]')) return;
    var li = document.createElement("li"), p = document.createElement("p");
    li.className = "postit-card new"; li.dataset.postit = data.id; li.draggable = true; li.tabIndex = 0;
    p.className = "postit-text"; p.textContent = data.text;
    li.appendChild(p);
    var loose = document.getElementById("loose");
    if (loose) loose.appendChild(li);
    refresh();
  }
  var source = new EventSource(wall.dataset.events + "?after=" + wall.dataset.last);
  source.addEventListener("postit_created", function (e) { addPostit(JSON.parse(e.data)); });
  ["postit_edited", "postit_withdrawn", "postit_hidden", "postit_moved", "cluster_created", "cluster_renamed",
   "cluster_merged", "cluster_discussed", "clusters_suggested", "note_added", "poll_opened", "poll_closed",
   "poll_revealed", "opinions_revealed", "voted", "joined", "prompt_opened", "prompt_closed"].forEach(function (kind) {
    source.addEventListener(kind, refresh);
  });
  source.addEventListener("session_closed", function () { location.reload(); });
  board.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest("[data-postit]");
    if (card) e.dataTransfer.setData("text/plain", card.dataset.postit);
  });
  board.addEventListener("dragover", function (e) { if (e.target.closest("[data-cluster]")) e.preventDefault(); });
  board.addEventListener("drop", function (e) {
    var zone = e.target.closest("[data-cluster]"), id = e.dataTransfer.getData("text/plain");
    if (!zone || !id) return;
    e.preventDefault();
    var data = new FormData();
    data.append("csrfmiddlewaretoken", document.querySelector("[name=csrfmiddlewaretoken]").value);
    data.append("action", "move");
    data.append("cluster", zone.dataset.cluster);
    fetch(location.pathname + "postits/" + id + "/", { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(refresh);
  });
})();
