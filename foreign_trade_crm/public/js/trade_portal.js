// The buyer portal (www/trade): every table of a trade page stacks into cards on a phone
// (public/css/trade_portal.css). Each cell gets its column's name as data-label, also for rows that a
// page loads later (the lists' search and paging replace their rows).
(() => {
	const label = (table) => {
		const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
		table.querySelectorAll("tbody tr").forEach((tr) => {
			[...tr.children].forEach((td, i) => {
				// a cell spanning columns (a reply under its feedback) is not one column's value
				if (td.tagName === "TD" && !td.hasAttribute("data-label"))
					td.setAttribute("data-label", td.colSpan > 1 ? "" : names[i] || "");
			});
		});
	};
	const start = () => {
		document.querySelectorAll(".trade-portal table").forEach((table) => {
			table.classList.add("trade-stack");
			label(table);
			const body = table.querySelector("tbody");
			if (body) new MutationObserver(() => label(table)).observe(body, { childList: true });
		});
	};
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
