// Marks the passage named by the address's "#c=START-END" (character offsets into the cleaned
// text) and scrolls it into view. Every piece of the text carries its offset in data-o, so a
// range that is not one of the cited spans is marked too, cut out of the pieces it touches.
(function () {
  "use strict";
  function clear(root) {
    root.querySelectorAll(".current").forEach(function (el) {
      if (el.tagName === "MARK" && el.classList.contains("added")) {
        el.replaceWith(document.createTextNode(el.textContent));
      } else {
        el.classList.remove("current");
      }
    });
    root.normalize();
  }
  function mark() {
    var m = /^#c=(\d+)-(\d+)$/.exec(window.location.hash);
    var root = document.getElementById("text");
    if (!m || !root) return;
    var start = Number(m[1]), end = Number(m[2]);
    if (end <= start) return;
    clear(root);
    var first = null;
    root.querySelectorAll("[data-o]").forEach(function (el) {
      var o = Number(el.dataset.o), text = el.textContent, len = text.length;
      var a = Math.max(start, o), b = Math.min(end, o + len);
      if (a >= b) return;
      if (a === o && b === o + len) {
        el.classList.add("current");
        if (!first) first = el;
        return;
      }
      var inner = document.createElement("mark");
      inner.className = "current added";
      inner.textContent = text.slice(a - o, b - o);
      el.textContent = "";
      el.append(text.slice(0, a - o), inner, text.slice(b - o));
      if (!first) first = inner;
    });
    if (first) first.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", mark);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
