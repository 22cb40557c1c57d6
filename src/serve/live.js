// gloss serve: reloads this page when a rebuild changes it. Only `gloss serve` pages load
// this script; a built site never does.
(function () {
  "use strict";
  var here = location.pathname.replace(/^\//, "");
  if (here === "" || here.slice(-1) === "/") here += "index.html";
  try { here = decodeURIComponent(here); } catch (e) { /* keep it encoded */ }
  var build = null;
  var source = new EventSource("/__gloss/events");
  // On every (re)connection the server names its current build: a page that was built by
  // another one (the server restarted, or rebuilt while we were away) reloads.
  source.addEventListener("hello", function (event) {
    var now = JSON.parse(event.data).build;
    if (build !== null && now !== build) location.reload();
    build = now;
  });
  source.addEventListener("reload", function (event) {
    var data = JSON.parse(event.data);
    build = data.build;
    var paths = data.paths;
    var mine = !paths || paths.some(function (p) {
      // A stylesheet, script or image may be used by any page.
      return p === here || !/\.html$/.test(p);
    });
    if (mine) location.reload();
  });
})();
