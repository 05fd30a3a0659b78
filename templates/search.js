// Client-side search over the handbook. The index (search-index.js) is a
// plain script, so search works from file:// too. Without JavaScript the
// search box stays hidden and every page works as it is.
(function () {
  "use strict";
  var index = window.SOP_SEARCH;
  var form = document.querySelector("form.search");
  if (!index || !form) return;
  var input = document.getElementById("search-box");
  var results = document.getElementById("search-results");
  form.hidden = false;

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var entries = index.map(function (entry) {
    return { entry: entry, text: normalise(entry.text), title: normalise(entry.id + " " + entry.title) };
  });

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

  input.addEventListener("input", function () { show(input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = results.querySelector("a");
    if (first) window.location.href = first.href;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; show(""); }
  });
})();
