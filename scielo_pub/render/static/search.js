/* scielo-pub's own search for the static site (search/index.html): reads ?q=, loads the shards of
   the JSON index the build wrote (search/index/) for the query's words, and lists the articles that
   have every word, titles first. Results are built with textContent: no markup from the index is
   ever parsed. Words are folded as the build folds them (render/search_index.py). */
(function () {
  "use strict";
  var out = document.getElementById("search-out");
  if (!out || !window.fetch) { return; }
  var input = document.getElementById("q");
  var status = out.querySelector(".search-total");
  var list = out.querySelector(".search-results");
  var more = out.querySelector(".search-more");
  var base = out.getAttribute("data-index");
  var root = out.getAttribute("data-root");
  var lang = out.getAttribute("data-lang");
  var PAGE = 20;
  var cache = {};
  var meta = null;
  var found = [];
  var shown = 0;

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase();
  }
  function words(text) {
    return (fold(text).match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) {
      return Array.from(w).length >= 2;
    });
  }
  /* The terms file of a prefix (as the build names it). */
  function fileName(prefix) {
    if (/^[a-z0-9]+$/.test(prefix)) { return prefix; }
    return "x" + Array.from(prefix).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }
  /* The prefixes whose files may hold words beginning with `word`: its own three-character
     prefix, or, for a shorter word, every prefix it begins. */
  function prefixesFor(word) {
    var chars = Array.from(word);
    if (chars.length >= meta.prefix) {
      var own = chars.slice(0, meta.prefix).join("");
      return meta.shards.indexOf(own) >= 0 ? [own] : [];
    }
    return meta.shards.filter(function (p) { return p.lastIndexOf(word, 0) === 0; });
  }
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (r.status === 404) { return null; }
        if (!r.ok) { throw new Error(path + ": " + r.status); }
        return r.json();
      });
    }
    return cache[path];
  }
  function say(text) { status.textContent = text; }

  /* Each article that has a word beginning with `word`, with 3 when it is in the title, else 1. */
  function matches(word) {
    var files = prefixesFor(word).map(function (p) { return load("terms/" + fileName(p) + ".json"); });
    return Promise.all(files).then(function (shards) {
      var scores = new Map();
      shards.forEach(function (shard) {
        Object.keys(shard || {}).forEach(function (w) {
          if (w.lastIndexOf(word, 0) !== 0) { return; }
          shard[w][0].forEach(function (id) { scores.set(id, 3); });
          shard[w][1].forEach(function (id) { if (!scores.has(id)) { scores.set(id, 1); } });
        });
      });
      return scores;
    });
  }
  function rank(maps) {
    var ids = [];
    maps[0].forEach(function (score, id) {
      var total = score;
      for (var i = 1; i < maps.length; i++) {
        if (!maps[i].has(id)) { return; }
        total += maps[i].get(id);
      }
      ids.push([total, id]);
    });
    ids.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1]; });  /* then the newest */
    return ids.map(function (pair) { return pair[1]; });
  }
  function node(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text) { el.textContent = text; }
    return el;
  }
  function hit(doc) {
    var tlang = doc.t[lang] ? lang : (doc.t[doc.l] ? doc.l : Object.keys(doc.t)[0]);
    var version = doc.v.indexOf(lang) >= 0 ? lang : (doc.l || doc.v[0] || "");
    var li = node("li", "search-hit");
    var title = node("p", "hit-title");
    var a = node("a", null, (tlang && doc.t[tlang]) || doc.u);
    a.setAttribute("href", root + doc.u + version + ".html");
    if (tlang) { a.setAttribute("lang", tlang); }
    title.appendChild(a);
    li.appendChild(title);
    if (doc.a) { li.appendChild(node("p", "hit-authors", doc.a)); }
    li.appendChild(node("p", "hit-source", doc.j + (doc.y ? ", " + doc.y : "")));
    return li;
  }
  function showMore() {
    var slice = found.slice(shown, shown + PAGE);
    shown += slice.length;
    return Promise.all(slice.map(function (id) {
      return load("docs/" + Math.floor(id / meta.chunk) + ".json").then(function (docs) {
        return docs[id % meta.chunk];
      });
    })).then(function (docs) {
      docs.forEach(function (doc) { if (doc) { list.appendChild(hit(doc)); } });
      more.hidden = shown >= found.length;
    });
  }
  function run(query) {
    var terms = words(query).filter(function (w, i, all) { return all.indexOf(w) === i; });
    out.hidden = false;
    if (!terms.length) { say(out.getAttribute("data-short")); return Promise.resolve(); }
    say(out.getAttribute("data-loading"));
    return load("meta.json").then(function (m) {
      meta = m;
      return Promise.all(terms.map(matches));
    }).then(function (maps) {
      found = rank(maps);
      shown = 0;
      list.textContent = "";
      return showMore();
    }).then(function () {  /* the count once the first results are on the page */
      say(found.length ? out.getAttribute("data-results").replace("{n}", found.length)
                       : out.getAttribute("data-none"));
    }).catch(function () { say(out.getAttribute("data-failed")); });
  }

  more.addEventListener("click", function () { showMore(); });
  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (query) {
    input.value = query;
    var header = document.getElementById("site-q");
    if (header) { header.value = query; }
    document.title = query + " - " + document.title;
    run(query);
  }
}());
