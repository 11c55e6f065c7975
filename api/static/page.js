// peerclaims web page: move focus to what a check (or a state picked) produced, and the "rejected claims only"
// filter. The page works without this script (the filter then does nothing).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const landing =
    document.getElementById("error") ||
    document.getElementById("result-heading") ||
    document.getElementById("state-heading");
  if (landing) {
    landing.focus();
  }
  const filter = document.getElementById("rejected-only");
  if (!filter) {
    return;
  }
  const apply = () => {
    for (const claim of document.querySelectorAll("#claims .claim")) {
      claim.hidden = filter.checked && claim.dataset.status !== "rejected";
    }
  };
  filter.addEventListener("change", apply);
  apply();
});
