/* The online legplan, live: what JavaScript adds to a board that works without it.
   - it asks the server about once a second whether the board changed (one small JSON request with the version it has),
     moves and updates the cards that changed and says so in a polite live region, without touching the focus;
   - it shows when the connection is lost and catches up when it is back;
   - it sends the board's forms in the background (the same POST forms, with their token);
   - it adds drag and drop with a mouse, a finger or a pen (the "move to..." menu on every card does the same by keyboard). */
"use strict";
/* The trekker's overview: its table's tallies and outcomes follow the board as they change. */
(function () {
  var overview = document.getElementById("board-overview");
  if (!overview || !window.fetch || !overview.dataset.json) { return; }
  var version = Number(overview.dataset.version) || 0;
  function poll() {
    fetch(overview.dataset.json + "?since=" + version, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        version = state.version;
        Object.keys(state.cards || {}).forEach(function (id) {
          var row = document.getElementById("row-" + id);
          if (!row) { return; }
          var card = state.cards[id], counts = row.querySelectorAll("td.num"), outcome = row.querySelector("td[class^=outcome-]");
          if (counts.length === 2) {
            counts[0].textContent = card.green === null ? "" : card.green;
            counts[1].textContent = card.red === null ? "" : card.red;
          }
          if (outcome) {
            outcome.className = "outcome-" + card.outcome;
            outcome.textContent = overview.getAttribute("data-outcome-" + card.outcome) || "";
          }
        });
      })
      .catch(function () { return null; })
      .then(function () { window.setTimeout(poll, document.hidden ? 5000 : 2000); });
  }
  window.setTimeout(poll, 2000);
}());

(function () {
  var board = document.getElementById("board");
  if (!board || !window.fetch || !window.FormData || !board.dataset.json) { return; }
  var said = board.dataset;
  var live = document.getElementById("board-live");
  var connection = document.getElementById("board-connection");
  var version = Number(said.version) || 0;
  var votingLocked = false;
  var offline = false;
  var closed = false;
  var timer = null;
  var lastButton = null;
  var POLL_MS = 1000, RETRY_MS = 2000, HIDDEN_MS = 5000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? String(values[key]) : whole; });
  }
  function zoneName(zone) { return board.getAttribute("data-zone-" + zone) || zone; }
  function say(text) {
    // emptied first, so the same sentence twice is read twice
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 60);
  }
  function usable(element) {
    return element && document.body.contains(element) && !element.disabled && element.getClientRects().length > 0;
  }

  // -- applying a state ----------------------------------------------------------------------------------------

  function listFor(card, zone) {
    var key = zone === "existing" || zone === "pile" ? zone + "-" + card.dataset.prefix : zone;
    return board.querySelector('[data-list="' + key + '"]');
  }

  function place(card, zone, sort) {
    var list = listFor(card, zone);
    if (!list) { return; }
    card.dataset.zone = zone;
    card.dataset.sort = sort;
    var before = null;
    for (var i = 0; i < list.children.length; i++) {
      var other = list.children[i];
      if (other !== card && Number(other.dataset.sort) > sort) { before = other; break; }
    }
    if (card.parentNode !== list || card.nextElementSibling !== before) { list.insertBefore(card, before); }
    card.querySelectorAll(".move-form button").forEach(function (button) { button.disabled = button.value === zone; });
  }

  function applyCard(id, data, changes) {
    var card = document.getElementById("card-" + id);
    if (!card) { return false; }
    if (card.dataset.zone !== data.zone) { changes.push(fill(said.saidMoved, {card: id, zone: zoneName(data.zone)})); }
    if (card.dataset.zone !== data.zone || Number(card.dataset.sort) !== data.sort) { place(card, data.zone, data.sort); }
    var tally = card.querySelector("[data-tally]");
    if (tally.textContent !== data.tally) {
      tally.textContent = data.tally;
      changes.push(fill(said.saidTally, {card: id, tally: data.tally}));
    }
    var title = card.querySelector("[data-title]");
    if (title.textContent !== data.title) { title.textContent = data.title; }
    var mine = card.querySelector("[data-mine]");
    mine.hidden = !data.mine;
    if (data.mine) { mine.textContent = mine.dataset[data.mine]; }
    var vote = card.querySelector("[data-vote]");
    if (vote) {
      vote.hidden = votingLocked;
      vote.querySelector("[data-unvoted]").hidden = !!data.mine;
      vote.querySelector("[data-voted]").hidden = !data.mine;
    }
    return true;
  }

  function applyBoard(state) {
    var values = board.querySelector("[data-values]");
    if (values && values.textContent !== state.core_values.join("")) {
      values.textContent = "";
      state.core_values.forEach(function (value) {
        var item = document.createElement("li");
        item.textContent = value;
        values.appendChild(item);
      });
    }
    if (values) {
      values.hidden = state.core_values.length === 0;
      board.querySelector("[data-values-none]").hidden = state.core_values.length > 0;
    }
    var me = board.querySelector("[data-me]");
    if (me && state.me) { me.textContent = fill(said.saidMe, {name: state.me.name, green: state.me.green_left, red: state.me.red_left}); }
    var locked = board.querySelector(".me [data-voting-state]");
    if (locked) { locked.hidden = !state.voting_locked; }
  }

  // Whatever had the focus keeps it, even when its card moves to another zone; a button that disappears (a sticker
  // placed, a zone now current) hands the focus to the next control of the same card, never to the page.
  function keepingFocus(change) {
    var focused = document.activeElement;
    var card = focused && focused.closest ? focused.closest(".bcard") : null;
    change();
    if (!card) { return; }
    if (usable(focused)) {
      if (document.activeElement !== focused) { focused.focus({preventScroll: true}); }
      return;
    }
    var next = Array.prototype.filter.call(card.querySelectorAll("[data-vote] button, summary"), usable)[0];
    if (next) { next.focus({preventScroll: true}); }
  }

  // The trekker closed the workshop: the board becomes what a closed board is, read-only, and stops asking.
  function close() {
    board.querySelectorAll("details.move, details.name, details.values-edit, .vote-form, .me form").forEach(function (part) {
      part.hidden = true;
    });
    window.clearTimeout(timer);
    timer = null;
    closed = true;
    connection.className = "connection";
    connection.textContent = said.saidClosed;
  }

  function apply(state, own) {
    var changes = [];
    var missing = [];
    version = state.version;
    votingLocked = state.voting_locked;
    keepingFocus(function () {
      Object.keys(state.cards).forEach(function (id) {
        if (!applyCard(id, state.cards[id], changes)) { missing.push(id); }
      });
      applyBoard(state);
    });
    if (missing.length) { adopt(missing, state); }
    if (state.closed) { close(); }
    if (!own && changes.length) { say(changes.length > 3 ? fill(said.saidMany, {count: changes.length}) : changes.join(" ")); }
  }

  // A card the page does not have yet (another blank card once the printed ones are used): taken from a fresh page.
  function adopt(ids, state) {
    fetch(window.location.pathname, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ids.forEach(function (id) {
          var card = fresh.getElementById("card-" + id);
          if (!card || document.getElementById("card-" + id)) { return; }
          card = document.importNode(card, true);
          card.querySelector(".bcard-band").classList.add("grip");
          var list = listFor(card, state.cards[id].zone);
          if (list) { list.appendChild(card); }
          applyCard(id, state.cards[id], []);
        });
      })
      .catch(function () { lost(); });
  }

  // -- the connection --------------------------------------------------------------------------------------------

  function lost() {
    if (offline) { return; }
    offline = true;
    connection.className = "connection";
    connection.textContent = said.saidOffline;
  }

  function back() {
    if (!offline) { return; }
    offline = false;
    connection.className = "connection back";
    connection.textContent = said.saidOnline;
    window.setTimeout(function () { if (!offline) { connection.textContent = ""; } }, 5000);
  }

  function schedule(wait) {
    window.clearTimeout(timer);
    if (closed) { return; }
    timer = window.setTimeout(poll, document.hidden ? Math.max(wait, HIDDEN_MS) : wait);
  }

  function poll() {
    fetch(said.json + "?since=" + version, {credentials: "same-origin", cache: "no-store", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        back();
        if (!state.unchanged) { apply(state, false); } else if (state.closed) { close(); }
        schedule(POLL_MS);
      })
      .catch(function () {
        lost();
        schedule(RETRY_MS);
      });
  }

  // -- sending the forms -----------------------------------------------------------------------------------------

  function notice(card, text) {
    if (!card) { return; }
    var note = card.querySelector(".bcard-message");
    if (!note) {
      note = document.createElement("p");
      note.className = "bcard-message message refused";
      card.appendChild(note);
    }
    note.hidden = !text;
    note.textContent = text;
  }

  function send(form, data) {
    var card = form.closest(".bcard");
    notice(card, "");
    fetch(form.action, {method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
                        headers: {Accept: "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        back();
        if (answer.state) { apply(answer.state, true); }
        if (answer.ok) {
          var menu = form.closest("details.move");
          if (menu) {
            menu.open = false;
            menu.querySelector("summary").focus({preventScroll: true});
          }
          say(answer.message);
        } else {
          notice(card, said.saidError + " " + answer.message);
          say(said.saidError + " " + answer.message);
        }
      })
      .catch(function () {
        lost();
        notice(card, said.saidOffline);
      });
  }

  board.addEventListener("click", function (event) {
    lastButton = event.target.closest ? event.target.closest("button") : null;
  });
  board.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("board-action")) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var button = event.submitter || lastButton;
    if (button && button.name && form.contains(button)) { data.append(button.name, button.value); }
    send(form, data);
  });
  board.addEventListener("keydown", function (event) {
    var menu = event.target.closest ? event.target.closest("details[open]") : null;
    if (event.key === "Escape" && menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  // -- drag and drop (pointer events: mouse, touch and pen) ------------------------------------------------------

  var drag = null;

  function dropZone(x, y) {
    var under = document.elementFromPoint(x, y);
    return under && under.closest ? under.closest("[data-drop]") : null;
  }

  function highlight(zone) {
    board.querySelectorAll(".drop-here").forEach(function (element) { if (element !== zone) { element.classList.remove("drop-here"); } });
    if (zone) { zone.classList.add("drop-here"); }
  }

  function startDrag(state, event) {
    var ghost = state.card.cloneNode(true);
    ghost.removeAttribute("id");
    ghost.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    ghost.querySelectorAll("a, button, summary, input, textarea").forEach(function (element) { element.setAttribute("tabindex", "-1"); });
    ghost.classList.add("dragging-ghost");
    ghost.setAttribute("aria-hidden", "true");
    document.body.appendChild(ghost);
    state.ghost = ghost;
    state.card.classList.add("dragged");
    moveGhost(state, event);
    window.requestAnimationFrame(scrollWhileHeld);
  }

  function moveGhost(state, event) {
    state.ghost.style.left = (event.clientX - 20) + "px";
    state.ghost.style.top = (event.clientY - 20) + "px";
    state.clientX = event.clientX;
    state.clientY = event.clientY;
    highlight(dropZone(event.clientX, event.clientY));
  }

  // Near the top or bottom of the window the page scrolls while the card is held there: a zone far up or down the
  // page is reached without letting go.
  function scrollWhileHeld() {
    if (!drag || !drag.ghost) { return; }
    var edge = Math.min(40, window.innerHeight / 8);
    var step = drag.clientY < edge ? -12 : drag.clientY > window.innerHeight - edge ? 12 : 0;
    if (step) {
      window.scrollBy(0, step);
      highlight(dropZone(drag.clientX, drag.clientY));
    }
    window.requestAnimationFrame(scrollWhileHeld);
  }

  function endDrag(event, cancelled) {
    var state = drag;
    drag = null;
    if (!state) { return; }
    highlight(null);
    if (!state.ghost) { return; }
    state.ghost.remove();
    state.card.classList.remove("dragged");
    var zone = cancelled ? null : dropZone(event.clientX, event.clientY);
    var form = state.card.querySelector(".move-form");
    if (!zone || !form || zone.dataset.drop === state.card.dataset.zone) { return; }
    var data = new FormData(form);
    data.append("zone", zone.dataset.drop);
    send(form, data);
  }

  board.addEventListener("pointerdown", function (event) {
    var band = event.target.closest ? event.target.closest(".bcard-band") : null;
    if (!band || event.button > 0) { return; }
    drag = {card: band.closest(".bcard"), x: event.clientX, y: event.clientY, ghost: null};
    band.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  board.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    if (!drag.ghost && Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 6) { startDrag(drag, event); }
    if (drag.ghost) { moveGhost(drag, event); }
  });
  board.addEventListener("pointerup", function (event) { endDrag(event, false); });
  board.addEventListener("pointercancel", function (event) { endDrag(event, true); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && drag) { endDrag(event, true); } });

  board.querySelectorAll(".bcard-band").forEach(function (band) { band.classList.add("grip"); });
  var hint = document.querySelector(".drag-hint");
  if (hint) { hint.hidden = false; }
  window.addEventListener("online", function () { schedule(0); });
  window.addEventListener("offline", lost);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { schedule(0); } });
  schedule(POLL_MS);
}());
