// Vigil console: keeps a page current without a full reload. Every few seconds it
// fetches the same URL and swaps each [data-refresh-region] with the fresh one. It
// never touches a region while a form inside the page has focus or unsent input, so an
// operator typing a note is not interrupted. Without JavaScript the pages still work:
// every action is a plain HTML form.
(function () {
  "use strict";
  var body = document.body;
  var interval = parseInt(body.getAttribute("data-refresh") || "0", 10);
  if (!interval || !window.fetch || !window.DOMParser) return;
  var status = document.getElementById("live-status");
  var text = status && status.querySelector(".live-text");

  function busy() {
    var active = document.activeElement;
    if (active && active.closest && active.closest("form")) return true;
    var fields = document.querySelectorAll("form input:not([type=hidden]), form textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value && fields[i].closest("[data-refresh-region]")) return true;
    }
    return false;
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-refresh-region]").forEach(function (region) {
      var name = region.getAttribute("data-refresh-region");
      var next = fresh.querySelector('[data-refresh-region="' + name + '"]');
      if (next && next.innerHTML !== region.innerHTML) {
        var open = {};
        region.querySelectorAll("details[open]").forEach(function (d, i) { open[i] = true; });
        region.innerHTML = next.innerHTML;
        region.querySelectorAll("details").forEach(function (d, i) { if (open[i]) d.open = true; });
      }
    });
  }

  function tick() {
    if (document.hidden || busy()) { schedule(); return; }
    fetch(window.location.href, { headers: { "Accept": "text/html" }, cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        swap(html);
        if (status) { status.classList.remove("stale"); }
        if (text) { text.textContent = "Live · updated " + new Date().toLocaleTimeString(); }
      })
      .catch(function () {
        if (status) { status.classList.add("stale"); }
        if (text) { text.textContent = "Connection lost · retrying"; }
      })
      .then(schedule);
  }

  function schedule() { window.setTimeout(tick, interval); }
  schedule();
})();
