// backchannel: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Keep filter URLs short: drop empty fields before a GET form is submitted.
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (!field.value) { field.disabled = true; }
      });
    });
  });
  // Bring the highlighted event sentence into view in long articles.
  var focus = document.querySelector(".article-page .article-text mark.sentence");
  if (focus) { focus.scrollIntoView({ block: "center" }); }
})();
