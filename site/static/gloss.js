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
 * - Previews: hovering or focusing a mention shows a card with the entity's name, kind, the
 *   first sentence of its description (from the inline JSON `#gloss-previews`) and how many
 *   articles mention it (from `entity-counts.js`, one script for the whole site, so that a
 *   mention added in one article does not change every page naming the entity; a card
 *   without it leaves the count out). Nothing is fetched. Hovering a mark, or hovering or focusing a
 *   note number, shows the note when it is not already on screen (folded on a narrow screen,
 *   or a margin note scrolled away). The card stays while the pointer is over it, and Escape
 *   dismisses it. Without JavaScript, mentions are plain links and notes plain text.
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
    hidePreview();
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
      hidePreview();
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

  /* ---- Previews --------------------------------------------------------------------- */

  var previews = null;
  var previewData = doc.getElementById("gloss-previews");
  if (previewData) {
    try {
      previews = JSON.parse(previewData.textContent);
    } catch (e) {
      previews = null;
    }
  }

  var tip = null; // the card, made on first use
  var tipOwner = null; // the element it describes
  var showTimer = 0;
  var hideTimer = 0;
  var KIND_LABELS = { mention: "Note", note: "Note", claim: "Claim", event: "Event", term: "Term" };

  function capitalize(word) {
    return word ? word.charAt(0).toUpperCase() + word.slice(1) : "";
  }

  function element(tag, cls, text) {
    var el = doc.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }

  function previewTip() {
    if (tip) return tip;
    tip = element("div", "preview");
    tip.id = "gloss-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    // The card stays while the pointer moves onto it (WCAG 1.4.13: hoverable).
    tip.addEventListener("mouseenter", function () {
      clearTimeout(hideTimer);
    });
    tip.addEventListener("mouseleave", scheduleHide);
    // Inside <main>, so it belongs to a landmark; main is not positioned, so the card's
    // coordinates stay those of the document.
    (doc.querySelector("main") || doc.body).appendChild(tip);
    return tip;
  }

  /* The entity a mention piece links to, or null. */
  function entityOf(el) {
    if (!previews || !el.classList.contains("mention")) return null;
    var id = previews.mentions && previews.mentions[el.getAttribute("data-annotation")];
    var entity = id && previews.entities && previews.entities[id];
    return entity ? { id: id, entity: entity } : null;
  }

  function entityCard(found) {
    var e = found.entity;
    var card = doc.createDocumentFragment();
    card.appendChild(element("p", "preview-kicker", capitalize(e.kind)));
    var title = element("p", "preview-title");
    title.appendChild(element("span", "entity-link kind-" + e.kind, e.name));
    card.appendChild(title);
    if (e.about) card.appendChild(element("p", "preview-about", e.about));
    /* [articles, mentions], site-wide; entity-counts.js sets them. */
    var all = window.glossEntityCounts;
    var counts = all && Object.prototype.hasOwnProperty.call(all, found.id) && all[found.id];
    if (counts) {
      var n = counts[0];
      var where =
        n === 1
          ? "Mentioned in 1 article"
          : "Mentioned in " + n + " articles";
      if (counts[1] > n) where += ", " + counts[1] + " times";
      card.appendChild(element("p", "preview-meta", where + "."));
    }
    return { node: card, kind: e.kind };
  }

  /* The sidenote of a mark piece or a note number, or null. */
  function noteFor(el) {
    if (el.classList.contains("sn-ref")) return noteOf(el);
    var id = el.getAttribute("data-annotation");
    return id ? doc.getElementById("sn-" + id) : null;
  }

  function onScreen(el) {
    var box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
  }

  function noteCard(note) {
    var id = note.id.replace(/^sn-/, "");
    var mark = doc.getElementById("a-" + id);
    var kind = "note";
    if (mark) {
      for (var i = 0; i < mark.classList.length; i++) {
        var c = mark.classList[i];
        if (c.indexOf("kind-") !== 0 && c.indexOf("is-") !== 0) {
          kind = c;
          break;
        }
      }
    }
    var num = note.querySelector(".sn-num");
    var label = "Note" + (num ? " " + num.textContent : "");
    var kindLabel = KIND_LABELS[kind] || capitalize(kind);
    if (kindLabel !== "Note") label += " · " + kindLabel;
    var card = doc.createDocumentFragment();
    card.appendChild(element("p", "preview-kicker", label));
    var text = element("p", "preview-note");
    each(note.childNodes, function (child) {
      if (child.nodeType === 1 && child.classList.contains("sn-num")) return;
      text.appendChild(child.cloneNode(true));
    });
    // The card is a description, not a place to stop: its links stay out of the tab order.
    each(text.querySelectorAll("a, [id]"), function (el) {
      if (el.tagName === "A") el.setAttribute("tabindex", "-1");
      el.removeAttribute("id");
    });
    card.appendChild(text);
    return { node: card, kind: null };
  }

  /* What to preview for `el` (a mention, a mark piece or a note number), or null. */
  function cardFor(el) {
    var found = entityOf(el);
    if (found) return entityCard(found);
    var note = noteFor(el);
    if (note && !onScreen(note)) return noteCard(note);
    return null;
  }

  function showPreview(owner, card, point) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    var t = previewTip();
    if (tipOwner && tipOwner !== owner) tipOwner.removeAttribute("aria-describedby");
    while (t.firstChild) t.removeChild(t.firstChild);
    t.appendChild(card.node);
    t.className = "preview" + (card.kind ? " kind-" + card.kind : "");
    tipOwner = owner;
    if (owner.matches && owner.matches("a[href]")) owner.setAttribute("aria-describedby", t.id);
    place(t, owner, point);
  }

  /* Below the line under the pointer (or the first line), above it when there is no room,
   * always inside the window. */
  function place(t, owner, point) {
    var rects = owner.getClientRects();
    var r = rects.length ? rects[0] : owner.getBoundingClientRect();
    if (point) {
      for (var i = 0; i < rects.length; i++) {
        if (point.y >= rects[i].top && point.y <= rects[i].bottom) r = rects[i];
      }
    }
    t.style.left = "0px";
    t.style.top = "0px";
    t.hidden = false;
    var width = t.offsetWidth;
    var height = t.offsetHeight;
    var view = root.clientWidth;
    var left = Math.max(8, Math.min(r.left, view - width - 8));
    var top = r.bottom + 6;
    if (top + height > window.innerHeight && r.top - height - 6 > 0) top = r.top - height - 6;
    t.style.left = Math.round(left + window.pageXOffset) + "px";
    t.style.top = Math.round(top + window.pageYOffset) + "px";
  }

  function hidePreview() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!tip || tip.hidden) return;
    tip.hidden = true;
    if (tipOwner) tipOwner.removeAttribute("aria-describedby");
    tipOwner = null;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hidePreview, 300);
  }

  function previewTarget(target) {
    var el = closest(target, "[data-annotation], .sn-ref");
    return el && body && body.contains(el) ? el : null;
  }

  function focusVisible(el) {
    try {
      return el.matches(":focus-visible");
    } catch (e) {
      return true;
    }
  }

  if (body) {
    body.addEventListener("mouseover", function (event) {
      // Touch screens send mouse events for a tap that navigates anyway: the pointer only.
      if (event.sourceCapabilities && event.sourceCapabilities.firesTouchEvents) return;
      var el = previewTarget(event.target);
      if (!el) return;
      if (el === tipOwner) {
        clearTimeout(hideTimer);
        return;
      }
      clearTimeout(showTimer);
      var point = { x: event.clientX, y: event.clientY };
      showTimer = setTimeout(function () {
        var card = cardFor(el);
        if (card) showPreview(el, card, point);
        else hidePreview();
      }, 150);
    });
    body.addEventListener("mouseout", function (event) {
      var el = previewTarget(event.target);
      if (!el || (event.relatedTarget && el.contains(event.relatedTarget))) return;
      if (el === tipOwner) scheduleHide();
      else clearTimeout(showTimer);
    });
    body.addEventListener("focusin", function (event) {
      var el = previewTarget(event.target);
      if (!el || !focusVisible(el)) return;
      var card = cardFor(el);
      if (card) showPreview(el, card, null);
      else hidePreview();
    });
    body.addEventListener("focusout", function (event) {
      if (tipOwner && event.target === tipOwner) hidePreview();
    });
  }
  window.addEventListener("resize", hidePreview);

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
