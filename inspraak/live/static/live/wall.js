// SPDX-License-Identifier: EUPL-1.2
// The wall, for the facilitator and for the projector. New post-its appear from the event
// stream at once; other changes refetch the board fragment (server-rendered, so escaped),
// one fetch at a time. The facilitator's forms work without this script; with it they
// are sent in the background and the page keeps its place. Drag and drop uses pointer
// events (mouse, touch by the handle, pen) and posts the form the "move" select posts.
// The projection sizes its type so the whole wall fits the screen.
(function () {
  "use strict";
  var wall = document.getElementById("wall");
  if (!wall || !wall.dataset.events) return;
  var board = document.getElementById("board");
  var projecting = !!wall.dataset.projection;
  var errorBox = document.getElementById("wall-error");

  function csrf() { var f = document.querySelector("[name=csrfmiddlewaretoken]"); return f ? f.value : ""; }
  function say(text) { if (errorBox) errorBox.textContent = text || ""; }
  function send(url, data) {
    return fetch(url, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (b) { if (!r.ok) throw b.error || String(r.status); return b; }); })
      .catch(function (e) { say(typeof e === "string" ? e : "⚠"); throw e; });
  }

  // Board refresh: one fetch in flight; changes meanwhile fetch once more afterwards.
  var timer = null, busy = false, again = false;
  function refresh(delay) {
    if (busy || timer) { again = true; return; }
    timer = setTimeout(run, delay === undefined ? 300 : delay);
  }
  function typing() {
    var a = document.activeElement;
    return a && board.contains(a) && (a.tagName === "TEXTAREA" || (a.tagName === "INPUT" && a.type === "text")) && a.value;
  }
  function run() {
    timer = null;
    if (typing()) { timer = setTimeout(run, 1000); return; }  // never wipe what the facilitator types
    busy = true; again = false;
    fetch(wall.dataset.board, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw r.status; return r.text(); })
      .then(function (html) { var y = window.scrollY; board.innerHTML = html; window.scrollTo(0, y); fit(); })
      .catch(function () {})
      .then(function () { busy = false; if (again) refresh(); });
  }
  var countsTimer = null;
  function counts() {
    if (countsTimer) return;
    countsTimer = setTimeout(function () {
      countsTimer = null;
      fetch(wall.dataset.counts, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (c) {
        Array.prototype.forEach.call(document.querySelectorAll("[data-count]"), function (el) {
          if (c[el.dataset.count] !== undefined) el.textContent = c[el.dataset.count];
        });
      }).catch(function () {});
    }, 1000);
  }
  function addPostit(data) {
    if (document.querySelector('[data-postit="' + data.id + '"]')) return;
    var li = document.createElement("li");
    li.dataset.postit = data.id;
    if (projecting) { li.className = "proj-postit new"; li.textContent = data.text; }
    else {
      var handle = document.createElement("span"), p = document.createElement("p");
      li.className = "postit-card new"; handle.className = "handle"; handle.textContent = "⠿";
      handle.setAttribute("aria-hidden", "true");
      p.className = "postit-text"; p.textContent = data.text;
      li.appendChild(handle); li.appendChild(p);
    }
    var loose = document.getElementById("loose");
    if (loose) { loose.appendChild(li); loose.closest("section").hidden = false; }
    var n = document.querySelector('[data-count="posted"]');
    if (n) n.textContent = Number(n.textContent) + 1;
    if (projecting) fit(); else refresh(2000);  // the card's own controls come with the next board
  }

  var source = new EventSource(wall.dataset.events + "?after=" + wall.dataset.last);
  source.addEventListener("postit_created", function (e) { addPostit(JSON.parse(e.data)); });
  ["joined", "voted", "endorsed"].forEach(function (kind) { source.addEventListener(kind, counts); });
  // The facilitator's poll shows how many voted: its board follows, at most once a second.
  source.addEventListener("voted", function () { if (!projecting) refresh(1000); });
  ["postit_edited", "postit_withdrawn", "postit_hidden", "postit_moved", "cluster_created", "cluster_renamed",
   "cluster_merged", "cluster_discussed", "clusters_suggested", "note_added", "cluster_support", "poll_opened",
   "poll_closed", "poll_revealed", "opinions_revealed", "prompt_opened", "prompt_closed"].forEach(function (kind) {
    source.addEventListener(kind, function () { refresh(); });
  });
  source.addEventListener("session_closed", function () { if (!projecting) reloadWall(); });

  // The whole wall again (controls included), in place, keeping the scroll position.
  function reloadWall() {
    return fetch(location.pathname, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("wall");
      if (!fresh) return location.reload();
      var y = window.scrollY;
      wall.innerHTML = fresh.innerHTML;
      board = document.getElementById("board"); errorBox = document.getElementById("wall-error");
      window.scrollTo(0, y);
    });
  }

  if (!projecting) {
    document.addEventListener("submit", function (ev) {
      var f = ev.target;
      // getAttribute: a control named "action" (the buttons are) shadows form.action.
      if (!wall.contains(f) || (f.getAttribute("method") || "").toLowerCase() !== "post") return;
      if (f.dataset.confirm && !window.confirm(f.dataset.confirm)) { ev.preventDefault(); return; }
      ev.preventDefault();
      var data = new FormData(f), button = ev.submitter;
      if (button && button.name) data.append(button.name, button.value);
      if (f.dataset.confirm) data.append("confirm", "1");
      var select = f.querySelector("select[name=cluster]");
      if (button && button.value === "move" && select) {
        var from = Array.prototype.filter.call(select.options, function (o) { return o.defaultSelected; })[0];
        remember(f.closest("[data-postit]").dataset.postit, from ? from.value : "");
      }
      send(f.getAttribute("action"), data).then(function () {
        say("");
        if (f.dataset.reload) reloadWall(); else refresh(0);
      }, function () {});
    });
  }

  // Drag and drop, and undo of the last move.
  var last = null, undo = document.getElementById("undo-move");
  function remember(id, from) { last = { id: id, from: from }; undo = document.getElementById("undo-move"); if (undo) undo.hidden = false; }
  function move(id, cluster) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf()); data.append("action", "move"); data.append("cluster", cluster);
    return send(wall.dataset.postitUrl.replace(/\/0\/$/, "/" + id + "/"), data).then(function () { refresh(0); });
  }
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest("#undo-move") || !last) return;
    var step = last; last = null; e.target.hidden = true;
    move(step.id, step.from).catch(function () {});
  });
  var drag = null;
  function zoneOf(el) { var z = el.closest("[data-cluster]"); return z ? z.dataset.cluster : null; }
  if (!projecting) {
    wall.addEventListener("pointerdown", function (e) {
      var card = e.target.closest && e.target.closest("[data-postit]");
      if (!card || e.target.closest("select,button,input,textarea,a,label") || e.button > 0) return;
      if (e.pointerType !== "mouse" && !e.target.closest(".handle")) return;  // touch scrolls, except on the handle
      drag = { card: card, x: e.clientX, y: e.clientY, moved: false, from: zoneOf(card) };
    });
    wall.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && dx * dx + dy * dy < 36) return;
      if (!drag.moved) { drag.moved = true; drag.card.classList.add("dragging"); }
      e.preventDefault();
      drag.card.style.transform = "translate(" + dx + "px," + dy + "px)";
    });
    var end = function (e) {
      if (!drag) return;
      var d = drag; drag = null;
      d.card.classList.remove("dragging"); d.card.style.transform = "";
      if (!d.moved || e.type === "pointercancel") return;
      d.card.style.visibility = "hidden";
      var below = document.elementFromPoint(e.clientX, e.clientY);
      d.card.style.visibility = "";
      var zone = below && below.closest("[data-cluster]");
      if (!zone || zone.dataset.cluster === d.from) return;
      var list = zone.querySelector("ul");
      if (list) list.appendChild(d.card);
      remember(d.card.dataset.postit, d.from || "");
      move(d.card.dataset.postit, zone.dataset.cluster).catch(function () { refresh(0); });
    };
    wall.addEventListener("pointerup", end);
    wall.addEventListener("pointercancel", end);
  }

  // The projection: the largest type at which everything fits, without breaking a word.
  function fits() {
    if (board.scrollHeight > board.clientHeight + 1 || board.scrollWidth > board.clientWidth + 1) return false;
    var cards = board.querySelectorAll(".proj-postit, .proj-cluster h2");
    for (var i = 0; i < cards.length; i++) if (cards[i].scrollWidth > cards[i].clientWidth + 1) return false;
    return true;
  }
  function fit() {
    if (!projecting) return;
    Array.prototype.forEach.call(board.querySelectorAll(".overflowed"), function (el) { el.classList.remove("overflowed"); });
    var columns = board.querySelector(".proj-clusters"), best = { size: 0, count: 1 };
    // The widest column that holds the longest word, and the type that fills the screen:
    // try each column count, find its largest type that fits, keep the largest of all.
    for (var count = 1; count <= 8; count++) {
      columns.style.columnCount = count;
      var lo = 10, hi = 72;
      for (var i = 0; i < 7; i++) {
        var mid = (lo + hi) / 2;
        board.style.fontSize = mid + "px";
        if (fits()) lo = mid; else hi = mid;
      }
      board.style.fontSize = lo + "px";
      if (lo > best.size && fits()) best = { size: lo, count: count };
    }
    columns.style.columnCount = best.count;
    board.style.fontSize = (best.size || 10) + "px";
    // Still too much at the smallest type: the oldest post-its make way for the newest.
    var items = Array.prototype.slice.call(board.querySelectorAll(".proj-postit"));
    items.sort(function (a, b) { return Number(a.dataset.postit) - Number(b.dataset.postit); });
    for (var k = 0; k < items.length - 1 && !fits(); k++) items[k].classList.add("overflowed");
  }
  if (projecting) {
    fit();
    window.addEventListener("resize", fit);
    var full = document.getElementById("fullscreen");
    if (full && document.fullscreenEnabled) {
      full.hidden = false;
      full.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
      });
    }
    var toggle = document.querySelector(".proj-join");
    if (toggle) toggle.addEventListener("toggle", fit);
  }
})();
