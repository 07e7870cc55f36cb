/* The phone ballot's script: quicker forms and a page that follows the wall.
 *
 * The page works without it (plain form posts). With it: dots are tapped on and off with the
 * number left shown, a ranking is made by tapping options in order (and moved up or down), the
 * ballot is sent without reloading the page, and the page looks again whenever the server says
 * the round changed. Plain ES5 for old phone browsers; nothing is loaded from anywhere else.
 * The rules are the laptop's: whatever this script allows, the server checks again.
 */
(function () {
  "use strict";

  var doc = document;
  doc.documentElement.className += " js";

  function each(list, action) {
    for (var i = 0; i < list.length; i++) { action(list[i], i); }
  }

  function element(tag, className, text) {
    var made = doc.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined) { made.appendChild(doc.createTextNode(text)); }
    return made;
  }

  function setText(node, text) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
    node.appendChild(doc.createTextNode(text));
  }

  function randomId() {
    var bytes = new Uint8Array(16), out = "";
    var crypto = window.crypto || window.msCrypto;
    if (crypto && crypto.getRandomValues) {
      crypto.getRandomValues(bytes);
    } else {
      for (var j = 0; j < 16; j++) { bytes[j] = Math.floor(Math.random() * 256); }
    }
    for (var i = 0; i < bytes.length; i++) { out += ("0" + bytes[i].toString(16)).slice(-2); }
    return out;
  }

  function request(method, url, body, token, done) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    xhr.setRequestHeader("Accept", "application/json");
    if (body !== null) {
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", token);
    }
    xhr.timeout = 15000;
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) { return; }
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = null; }
      done(xhr.status, answer);
    };
    xhr.send(body === null ? null : JSON.stringify(body));
  }

  /* ---------------------------------------------------------------- dots */

  function dotsLabel(count) { return count === 1 ? "1 dot" : count + " dots"; }

  function enhanceDots(form) {
    var budget = parseInt(form.getAttribute("data-budget"), 10) || 0;
    var cap = parseInt(form.getAttribute("data-cap"), 10) || budget;
    var inputs = form.querySelectorAll(".dots input[type=number]");
    var left = element("p", "left");
    left.setAttribute("aria-live", "polite");
    form.insertBefore(left, form.querySelector(".options"));
    var steppers = [];

    function value(input) { var n = parseInt(input.value, 10); return isNaN(n) || n < 0 ? 0 : n; }
    function placed() { var total = 0; each(inputs, function (input) { total += value(input); }); return total; }

    function update() {
      var remaining = budget - placed();
      setText(left, remaining >= 0 ? dotsLabel(remaining) + " left" : "Too many dots: take " + dotsLabel(-remaining) + " off");
      each(steppers, function (stepper) {
        var n = value(stepper.input);
        setText(stepper.count, String(n));
        setText(stepper.dots, new Array(n + 1).join("\u25CF"));
        stepper.less.disabled = n <= 0;
        stepper.more.disabled = n >= cap || remaining <= 0;
      });
    }

    each(inputs, function (input) {
      var label = input.parentNode.querySelector("label");
      var name = label ? label.textContent : "this option";
      var row = element("div", "stepper");
      var less = element("button", "less", "\u2212");
      var more = element("button", "more", "+");
      less.type = more.type = "button";
      less.setAttribute("aria-label", "Take a dot off " + name);
      more.setAttribute("aria-label", "Put a dot on " + name);
      var count = element("span", "count");
      var dots = element("span", "dots");
      dots.setAttribute("aria-hidden", "true");
      row.appendChild(less); row.appendChild(count); row.appendChild(dots); row.appendChild(more);
      input.parentNode.appendChild(row);
      input.tabIndex = -1;
      less.onclick = function () { input.value = String(Math.max(0, value(input) - 1)); update(); };
      more.onclick = function () { input.value = String(value(input) + 1); update(); };
      steppers.push({ input: input, less: less, more: more, count: count, dots: dots });
    });
    update();
  }

  /* ---------------------------------------------------------------- ranking */

  function enhanceRanking(form) {
    var list = form.querySelector(".ranking");
    var rows = [];
    each(list.querySelectorAll(".option"), function (row) { rows.push(row); });
    var order = [];

    function select(row) { return row.querySelector("select"); }

    // Start from the places already chosen (a ballot shown again), best first.
    var placedRows = [];
    each(rows, function (row) {
      var place = parseInt(select(row).value, 10);
      if (!isNaN(place)) { placedRows.push({ row: row, place: place }); }
    });
    placedRows.sort(function (a, b) { return a.place - b.place; });
    each(placedRows, function (item) { order.push(item.row); });

    function ordinal(n) {
      var tens = n % 100, ones = n % 10;
      if (tens >= 10 && tens <= 20) { return n + "th"; }
      return n + (ones === 1 ? "st" : ones === 2 ? "nd" : ones === 3 ? "rd" : "th");
    }

    function indexOf(row) { for (var i = 0; i < order.length; i++) { if (order[i] === row) { return i; } } return -1; }

    function update() {
      each(rows, function (row) {
        var at = indexOf(row);
        select(row).value = at < 0 ? "" : String(at + 1);
        row.className = at < 0 ? "option" : "option ranked";
        setText(row.place, at < 0 ? "" : String(at + 1));
        row.setAttribute("aria-label", (at < 0 ? "Not ranked: " : ordinal(at + 1) + ": ") + row.labelText);
        row.up.disabled = at <= 0;
        row.down.disabled = at < 0 || at >= order.length - 1;
      });
      // Ranked options first, in their order; the rest after, as the wall lists them.
      each(order, function (row) { list.appendChild(row); });
      each(rows, function (row) { if (indexOf(row) < 0) { list.appendChild(row); } });
    }

    function move(row, step) {
      var at = indexOf(row), to = at + step;
      if (at < 0 || to < 0 || to >= order.length) { return; }
      order[at] = order[to]; order[to] = row;
      update();
    }

    each(rows, function (row) {
      var label = row.querySelector("label");
      row.labelText = label ? label.textContent : "";
      if (label) { label.removeAttribute("for"); }
      row.place = element("span", "place");
      row.place.setAttribute("aria-hidden", "true");
      row.insertBefore(row.place, row.firstChild);
      row.up = element("button", "move quiet", "\u2191");
      row.down = element("button", "move quiet", "\u2193");
      row.up.type = row.down.type = "button";
      row.up.setAttribute("aria-label", "Move " + row.labelText + " up");
      row.down.setAttribute("aria-label", "Move " + row.labelText + " down");
      row.appendChild(row.up); row.appendChild(row.down);
      row.tabIndex = 0;
      row.setAttribute("role", "button");
      select(row).tabIndex = -1;
      row.up.onclick = function (event) { event.stopPropagation(); move(row, -1); };
      row.down.onclick = function (event) { event.stopPropagation(); move(row, 1); };
      function toggle(event) {
        if (event && event.preventDefault) { event.preventDefault(); }
        var at = indexOf(row);
        if (at < 0) { order.push(row); } else { order.splice(at, 1); }
        update();
      }
      row.onclick = toggle;
      row.onkeydown = function (event) {
        var key = event.key || event.keyCode;
        if (key === "Enter" || key === " " || key === 13 || key === 32) { toggle(event); }
      };
    });
    var how = form.querySelector(".how");
    if (how) { setText(how, "Tap the options in order, the one you like most first. Tap one again to take it out."); }
    update();
  }

  /* ---------------------------------------------------------------- sending */

  function choicesOf(form) {
    var method = form.getAttribute("data-method");
    var fields = form.elements, numbers = {}, chosen = [], ranks = [];
    each(fields, function (field) {
      var name = field.name || "", dot = name.indexOf(".");
      var prefix = dot < 0 ? name : name.slice(0, dot), option = name.slice(dot + 1);
      if ((prefix === "dots" || prefix === "score") && field.value !== "") {
        var n = Number(field.value);
        numbers[option] = n;
      } else if (prefix === "rank" && field.value !== "") {
        ranks.push({ option: option, place: parseInt(field.value, 10) });
      } else if (name === "approve" && field.checked) {
        chosen.push(field.value);
      }
    });
    if (method === "dots") {
      var dots = {};
      for (var key in numbers) { if (numbers.hasOwnProperty(key) && numbers[key] !== 0) { dots[key] = numbers[key]; } }
      return dots;
    }
    if (method === "score") { return numbers; }
    if (method === "ranking") {
      ranks.sort(function (a, b) { return a.place - b.place; });
      var best = [];
      each(ranks, function (item) { best.push(item.option); });
      return best;
    }
    return chosen;
  }

  function notice(form, className, text, role) {
    var old = form.parentNode.querySelectorAll(".problem, .status.in");
    each(old, function (node) { node.parentNode.removeChild(node); });
    if (!text) { return; }
    var shown = element("p", className, text);
    shown.setAttribute("role", role);
    form.parentNode.insertBefore(shown, form);
    if (shown.scrollIntoView) { shown.scrollIntoView(); }
  }

  function enhanceSending(form) {
    var token = form.elements.csrf.value;
    var submission = form.elements.submission;
    var button = form.querySelector(".send");
    var lastSent = null, busy = false;
    form.onsubmit = function (event) {
      if (event && event.preventDefault) { event.preventDefault(); }
      if (busy) { return false; }
      var choices = choicesOf(form), sent = JSON.stringify(choices);
      // The same ballot sent again keeps its id, so a retry is counted once; a changed one gets a new id.
      if (lastSent !== null && sent !== lastSent) { submission.value = randomId(); }
      lastSent = sent;
      busy = true;
      form.className += " sending";
      button.disabled = true;
      var body = { round: form.elements.round.value, submission: submission.value, choices: choices };
      request("POST", "/api/ballot", body, token, function (status, answer) {
        busy = false;
        form.className = form.className.replace(" sending", "");
        button.disabled = false;
        if (status === 200 && answer && answer.state === "in") {
          notice(form, "status in", "Your vote is in. You can change it until voting closes.", "status");
          setText(button, "Change my vote");
          doc.body.setAttribute("data-voted", "1");
          submission.value = randomId();
          lastSent = null;
        } else if (status === 403) {
          notice(form, "problem", (answer && answer.message) || "Join the vote again.", "alert");
          window.setTimeout(function () { window.location.href = "/"; }, 3000);
        } else if (answer && answer.message) {
          notice(form, "problem", answer.message, "alert");
        } else {
          notice(form, "problem", "Your vote did not reach the laptop. Check you are on the room's Wi-Fi, then tap the button again.", "alert");
        }
      });
      return false;
    };
  }

  /* ---------------------------------------------------------------- following the wall */

  function lookAgain() {
    request("GET", "/api/round", null, null, function (status, answer) {
      if (status === 403) { window.location.href = "/"; return; }
      if (status !== 200 || !answer) { return; }
      var body = doc.body;
      if ((answer.round || "") !== body.getAttribute("data-round") || answer.state !== body.getAttribute("data-state")) {
        window.location.reload();
      }
    });
  }

  function listen() {
    var wait = 2000;
    if (!window.EventSource) {
      window.setInterval(lookAgain, 10000);
      return;
    }
    function connect() {
      var source = new EventSource("/events");
      source.addEventListener("round", lookAgain);
      source.onopen = function () { wait = 2000; lookAgain(); };
      source.onerror = function () {
        if (source.readyState === 2) {  // closed for good: connect again, waiting longer each time
          window.setTimeout(connect, wait);
          wait = Math.min(wait * 2, 30000);
        }
      };
    }
    connect();
  }

  function start() {
    var body = doc.body;
    if (body.getAttribute("data-page") !== "ballot") { return; }
    var form = doc.querySelector("form.ballot");
    if (form) {
      var method = form.getAttribute("data-method");
      if (method === "dots") { enhanceDots(form); }
      if (method === "ranking") { enhanceRanking(form); }
      enhanceSending(form);
    }
    listen();
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
