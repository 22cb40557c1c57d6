/* gloss.js: progressive enhancement for gloss pages. Everything works without it.
 *
 * - Sidenotes: on narrow screens a note stays folded until its number is clicked, tapped or
 *   activated with Enter or Space (aria-expanded on the number, aria-controls the note);
 *   Escape folds open notes. On wide screens, where notes sit in the margin, the number just
 *   highlights its note.
 * - Linked highlighting: hovering or focusing one piece of an annotation highlights every
 *   piece of it (a span crossing emphasis, links or paragraphs is split into pieces sharing
 *   `data-annotation`) and its note; hovering a note highlights its marks.
 * - Arriving at `#a-<id>` highlights every piece of that annotation, not just the first.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  if (root.classList && !root.classList.contains("js")) root.classList.add("js");

  var WIDE = "(min-width: 62.5em)";
  var wide = window.matchMedia ? window.matchMedia(WIDE) : { matches: true };

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  function closest(el, selector) {
    while (el && el.nodeType === 1) {
      if (el.matches ? el.matches(selector) : el.msMatchesSelector(selector)) return el;
      el = el.parentNode;
    }
    return null;
  }

  function cssString(value) {
    return '"' + String(value).replace(/["\\]/g, "\\$&") + '"';
  }

  function restart(el, cls) {
    el.classList.remove(cls);
    void el.offsetWidth; // restart the animation
    el.classList.add(cls);
  }

  /* ---- Sidenotes -------------------------------------------------------------------- */

  var refs = doc.querySelectorAll(".sn-ref");

  function idFrom(fragment) {
    try {
      return decodeURIComponent(fragment);
    } catch (e) {
      return fragment;
    }
  }

  function noteOf(ref) {
    var href = ref.getAttribute("href") || "";
    return href.charAt(0) === "#" ? doc.getElementById(idFrom(href.slice(1))) : null;
  }

  function isOpen(ref) {
    return ref.parentNode.classList.contains("is-open");
  }

  function setOpen(ref, open) {
    ref.parentNode.classList.toggle("is-open", open);
    if (!wide.matches) ref.setAttribute("aria-expanded", open ? "true" : "false");
  }

  /* Narrow screens: the numbers are disclosure buttons. Wide screens: plain links. */
  function setMode() {
    each(refs, function (ref) {
      var note = noteOf(ref);
      if (!note) return;
      ref.setAttribute("aria-controls", note.id);
      if (wide.matches) {
        ref.removeAttribute("role");
        ref.removeAttribute("aria-expanded");
      } else {
        ref.setAttribute("role", "button");
        ref.setAttribute("aria-expanded", isOpen(ref) ? "true" : "false");
      }
    });
  }

  function activateRef(ref) {
    var note = noteOf(ref);
    if (!note) return;
    if (wide.matches) {
      highlight(groupOfNote(note), "is-flash");
      var box = note.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        note.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
      }
    } else {
      setOpen(ref, !isOpen(ref));
    }
  }

  function closeAll() {
    var closed = null;
    each(doc.querySelectorAll(".sn.is-open"), function (sn) {
      var ref = sn.querySelector(".sn-ref");
      if (!ref) return;
      if (sn.contains(doc.activeElement)) closed = ref;
      setOpen(ref, false);
    });
    return closed;
  }

  doc.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button > 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var ref = closest(event.target, ".sn-ref");
    if (!ref) return;
    event.preventDefault();
    activateRef(ref);
  });

  doc.addEventListener("keydown", function (event) {
    var key = event.key;
    if (key === "Escape" || key === "Esc") {
      var ref = closeAll();
      if (ref) ref.focus();
      return;
    }
    // Links activate on Enter by themselves; a button also does on Space.
    if ((key === " " || key === "Spacebar") && !wide.matches) {
      var target = closest(event.target, ".sn-ref");
      if (target) {
        event.preventDefault();
        activateRef(target);
      }
    }
  });

  if (wide.addEventListener) wide.addEventListener("change", setMode);
  else if (wide.addListener) wide.addListener(setMode);

  /* ---- Linked highlighting ---------------------------------------------------------- */

  var body = doc.querySelector(".article-body");
  var lit = [];

  /* The pieces of the annotation match `el` belongs to: the piece with an id that starts
   * it, and the pieces after it up to the next match (`occurrence: all` gives every match
   * its own id, all sharing one data-annotation). */
  function groupOf(el) {
    if (!body || !el) return [];
    var id = el.getAttribute("data-annotation");
    var all = body.querySelectorAll("[data-annotation=" + cssString(id) + "]");
    var list = Array.prototype.slice.call(all);
    var i = list.indexOf(el);
    if (i < 0) return [el];
    var start = i;
    while (start > 0 && !list[start].id) start--;
    var end = start + 1;
    while (end < list.length && !list[end].id) end++;
    var group = list.slice(start, end);
    var note = doc.getElementById("sn-" + id);
    if (note) group.push(note);
    return group;
  }

  function groupOfNote(note) {
    var first = doc.getElementById("a-" + note.id.replace(/^sn-/, ""));
    var group = first ? groupOf(first) : [];
    if (group.indexOf(note) < 0) group.push(note);
    return group;
  }

  function highlight(group, cls) {
    each(group, function (el) {
      if (cls === "is-flash") restart(el, cls);
      else el.classList.add(cls);
    });
  }

  function clear() {
    each(lit, function (el) {
      el.classList.remove("is-linked");
    });
    lit = [];
  }

  function light(target) {
    var el = closest(target, "[data-annotation], .sn");
    var group = [];
    if (el && el.classList.contains("sn")) {
      var note = el.querySelector(".sidenote");
      if (note) group = groupOfNote(note);
    } else if (el) {
      group = groupOf(el);
    }
    if (group.length === lit.length && group[0] === lit[0]) return;
    clear();
    highlight(group, "is-linked");
    lit = group;
  }

  if (body) {
    body.addEventListener("mouseover", function (event) {
      light(event.target);
    });
    body.addEventListener("mouseleave", clear);
    body.addEventListener("focusin", function (event) {
      light(event.target);
    });
    body.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !body.contains(event.relatedTarget)) clear();
    });
  }

  /* ---- Arriving at an annotation or a note ------------------------------------------ */

  function fromHash() {
    var id = idFrom(location.hash.slice(1));
    if (!id) return;
    var el = doc.getElementById(id);
    if (!el) return;
    if (el.classList.contains("sidenote")) {
      var sn = el.parentNode;
      var ref = sn && sn.querySelector(".sn-ref");
      if (ref && !wide.matches) setOpen(ref, true);
      highlight(groupOfNote(el), "is-flash");
    } else if (el.hasAttribute("data-annotation")) {
      highlight(groupOf(el), "is-target");
    }
  }

  setMode();
  fromHash();
  window.addEventListener("hashchange", function () {
    each(doc.querySelectorAll(".is-target"), function (el) {
      el.classList.remove("is-target");
    });
    fromHash();
  });
})();
