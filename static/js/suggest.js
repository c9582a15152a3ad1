// As-you-type suggestions for the search boxes (the header's and the search page's): fills each
// box's <datalist> with matching titles.
document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
  const list = document.getElementById(input.getAttribute("list"));
  if (!list) return;
  let timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const text = input.value.trim();
      if (text.length < 2) return;
      const url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(text);
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      list.replaceChildren(...data.suggestions.map(function (s) {
        const option = document.createElement("option");
        option.value = s.title;
        return option;
      }));
    }, 200);
  });
});
