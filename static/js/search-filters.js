// The search filters sit in a panel that is open beside the results on wide screens and
// folded below the result count on small ones, where the results come first.
(function () {
  const panel = document.getElementById("filters");
  if (!panel) return;
  const wide = window.matchMedia("(min-width: 48.01rem)");
  const follow = function () { panel.open = wide.matches; };
  follow();
  wide.addEventListener("change", follow);
})();
