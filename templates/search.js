// Client-side search over the handbook. The index (search-index.js) is a
// plain script, so search works from file:// too. A large handbook's index
// names its parts (SOP_SEARCH_PARTS), scripts loaded on the first use of
// the search box, each adding its entries (SOP_SEARCH_ADD). Without
// JavaScript the search box stays hidden and every page works as it is.
(function () {
  "use strict";
  var parts = window.SOP_SEARCH_PARTS;
  var form = document.querySelector("form.search");
  if (!(window.SOP_SEARCH || parts) || !form) return;
  var input = document.getElementById("search-box");
  var results = document.getElementById("search-results");
  form.hidden = false;

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var entries = [];
  function add(index) {
    index.forEach(function (entry) {
      entries.push({ entry: entry, text: normalise(entry.text), title: normalise(entry.id + " " + entry.title) });
    });
  }
  add(window.SOP_SEARCH || []);
  window.SOP_SEARCH_ADD = function (index) {
    add(index);
    show(input.value);
  };
  function loadParts() {
    if (!parts) return;
    parts.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      document.head.appendChild(script);
    });
    parts = null;
  }

  function show(query) {
    results.textContent = "";
    var words = normalise(query).split(/\s+/).filter(Boolean);
    if (!words.length) return;
    var found = entries
      .filter(function (item) { return words.every(function (w) { return item.text.indexOf(w) !== -1; }); })
      .sort(function (a, b) {
        var ta = words.filter(function (w) { return a.title.indexOf(w) !== -1; }).length;
        var tb = words.filter(function (w) { return b.title.indexOf(w) !== -1; }).length;
        return tb - ta;
      })
      .slice(0, 12);
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = "No SOP matches.";
      results.appendChild(none);
      return;
    }
    found.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.entry.href;
      a.textContent = item.entry.id + " · " + item.entry.title +
        (item.entry.status === "retired" ? " (retired)" : "");
      li.appendChild(a);
      results.appendChild(li);
    });
  }

  input.addEventListener("focus", loadParts);
  input.addEventListener("input", function () { loadParts(); show(input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = results.querySelector("a");
    if (first) window.location.href = first.href;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; show(""); }
  });
})();
