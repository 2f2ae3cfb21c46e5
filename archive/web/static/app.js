// Small progressive enhancements; every page works without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Changing the sort order re-runs the search at once (the submit button still works).
  const sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", () => sort.form.requestSubmit());
  }
  // "/" focuses the search box, as on many search sites (not while typing in a field).
  document.addEventListener("keydown", (event) => {
    const q = document.getElementById("q");
    const tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && q && !/^(INPUT|SELECT|TEXTAREA)$/.test(tag)) {
      event.preventDefault();
      q.focus();
    }
  });
});
