/*
 * Conditional survey questions (surveys/_question.html): a question whose wrapper has
 * data-show-if="<field name>" and data-show-values='["<value>", ...]' is hidden until the
 * earlier question's answer is, or for checkboxes includes, one of the values.
 *
 * Without this script every question shows, each conditional one with a note saying when to
 * answer it, and the server drops the answers to questions whose condition is not met. So
 * this script only hides; it never clears what someone typed (they may change their earlier
 * answer back), and it stores nothing anywhere.
 *
 * The CSP allows no inline script or style: hiding uses the hidden attribute.
 */
(function () {
  "use strict";

  function escapeName(name) {
    if (window.CSS && typeof window.CSS.escape === "function") {
      return window.CSS.escape(name);
    }
    return name.replace(/["\\]/g, "\\$&");
  }

  function wanted(wrapper) {
    try {
      var values = JSON.parse(wrapper.getAttribute("data-show-values") || "[]");
      return Array.isArray(values) ? values.map(String) : [];
    } catch (e) {
      return [];
    }
  }

  // Each block of questions on its own: staff preview may show the same survey twice.
  document.querySelectorAll(".survey-questions").forEach(function (box) {
    var conditional = Array.prototype.slice.call(box.querySelectorAll("[data-show-if]"));
    if (!conditional.length) {
      return;
    }

    function answers(name) {
      var values = [];
      box.querySelectorAll('[name="' + escapeName(name) + '"]').forEach(function (control) {
        if (control.type === "radio" || control.type === "checkbox") {
          if (control.checked) {
            values.push(control.value);
          }
        } else if (control.value) {
          values.push(control.value);
        }
      });
      return values;
    }

    function update() {
      // In page order: a condition only looks back, so a chain settles in one pass.
      conditional.forEach(function (wrapper) {
        var name = wrapper.getAttribute("data-show-if");
        var parent = box.querySelector('[data-question="' + escapeName(name) + '"]');
        var allowed = wanted(wrapper);
        var shown =
          !(parent && parent.hidden) &&
          answers(name).some(function (value) {
            return allowed.indexOf(value) !== -1;
          });
        wrapper.hidden = !shown;
      });
    }

    box.addEventListener("change", update);
    update();
  });
})();
