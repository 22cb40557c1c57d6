// gloss search: fetches search-index.json and its parts the first time the reader searches
// (never before), then matches every word of the query, accents and case folded, against
// titles and text. Results are built with DOM calls and textContent, so nothing from the index is parsed as
// HTML.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = form.getAttribute("data-root") || "";
  var loading = null;
  var LIMIT = 50;
  var KINDS = { article: "Article", entity: "Entity", note: "Note" };

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  }

  // The index comes in parts (see search-index.json): fetched together, then put in the
  // order results tie in — articles newest first, then entities, then notes.
  var RANK = { article: 0, entity: 1, note: 2 };

  function fetchJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function load() {
    if (!loading) {
      var manifest = new URL(form.getAttribute("data-index"), location.href);
      loading = fetchJSON(manifest)
        .then(function (index) {
          return Promise.all(index.parts.map(function (part) {
            return fetchJSON(new URL(part, manifest));
          }));
        })
        .then(function (parts) {
          var entries = [].concat.apply([], parts);
          var items = entries.map(function (e, order) {
            return { e: e, title: fold(e.t), text: fold(e.s), order: order };
          });
          items.sort(function (a, b) {
            return (RANK[a.e.k] || 0) - (RANK[b.e.k] || 0) || a.order - b.order;
          });
          return items;
        });
    }
    return loading;
  }

  function score(item, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var inTitle = item.title.indexOf(words[i]) >= 0;
      if (!inTitle && item.text.indexOf(words[i]) < 0) return 0;
      total += inTitle ? 3 : 1;
    }
    // Entities and articles named by the query come before notes that mention it.
    return total + (item.e.k === "note" ? 0 : 1);
  }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    load().then(function (items) {
      var found = [];
      items.forEach(function (item, order) {
        var s = score(item, words);
        if (s) found.push({ item: item, s: s, order: order });
      });
      found.sort(function (a, b) { return b.s - a.s || a.order - b.order; });
      status.textContent = found.length === 0 ? "Nothing found for “" + query + "”."
        : found.length + (found.length === 1 ? " result" : " results") + " for “" + query + "”"
          + (found.length > LIMIT ? ", the first " + LIMIT + " shown." : ".");
      found.slice(0, LIMIT).forEach(function (f) {
        var e = f.item.e;
        var li = document.createElement("li");
        li.className = "search-result kind-" + e.k;
        var kind = document.createElement("span");
        kind.className = "search-kind";
        kind.textContent = KINDS[e.k] || e.k;
        var a = document.createElement("a");
        a.href = root + e.u;
        a.textContent = e.t;
        li.appendChild(kind);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(a);
        if (e.d) {
          var d = document.createElement("span");
          d.className = "search-date";
          d.textContent = " · " + e.d;
          li.appendChild(d);
        }
        if (e.s) {
          var p = document.createElement("p");
          p.textContent = e.s;
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    }, function () {
      status.textContent = "The search index could not be loaded. Is the site served from a web server?";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    show(query);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial);
  }
})();
