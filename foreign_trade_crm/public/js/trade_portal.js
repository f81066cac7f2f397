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
		document.querySelectorAll(".trade-portal input.trade-date").forEach(trade_date.enhance);
	};
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();

// Date fields of the portal in the site's date format, the format the server shows every date in
// (frappe.utils.get_user_date_format, given to each field as data-date-format), whatever the browser's
// language: a text field with the format as its placeholder, and a button that opens the browser's own
// calendar. Pages send the date on as yyyy-mm-dd (trade_date.iso); a form sent as it is (GET) sends what
// the buyer sees, which the server reads in the same format (rules/date_format.py).
const trade_date = {
	// the field's format (the page's, else the website's default)
	format(input) {
		return (
			(input && input.dataset.dateFormat) ||
			(frappe.sys_defaults && frappe.sys_defaults.date_format) ||
			"yyyy-mm-dd"
		);
	},

	// "yyyy-mm-dd" for the text in the format (or already yyyy-mm-dd), "" when blank, null when no date
	to_iso(text, format) {
		text = (text || "").trim();
		if (!text) return "";
		let parts;
		if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) {
			parts = text.split("-").map(Number);
		} else {
			const order = format.split(/[-/.]/);
			const values = text.split(/[-/. ]+/);
			if (values.length !== 3 || values.some((v) => !/^\d+$/.test(v))) return null;
			const found = {};
			order.forEach((token, i) => (found[token[0]] = Number(values[i])));
			if (values[order.findIndex((t) => t[0] === "y")].length === 2) found.y += 2000;
			parts = [found.y, found.m, found.d];
		}
		const [y, m, d] = parts;
		const date = new Date(Date.UTC(y, m - 1, d));
		if (
			y < 1900 ||
			date.getUTCFullYear() !== y ||
			date.getUTCMonth() !== m - 1 ||
			date.getUTCDate() !== d
		)
			return null;
		return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
	},

	// yyyy-mm-dd in the format
	to_user(iso, format) {
		if (!iso) return "";
		const [y, m, d] = iso.split("-");
		return format.replace("yyyy", y).replace("mm", m).replace("dd", d);
	},

	// the field's date as yyyy-mm-dd ("" when blank)
	iso(input) {
		return trade_date.to_iso(input.value, trade_date.format(input)) || "";
	},

	enhance(input) {
		if (input.dataset.tradeDate) return;
		input.dataset.tradeDate = "1";
		const format = trade_date.format(input);
		input.type = "text";
		input.inputMode = "numeric";
		input.autocomplete = "off";
		input.placeholder = format;
		if (/^\d{4}-\d{2}-\d{2}$/.test(input.value))
			input.value = trade_date.to_user(input.value, format);
		const check = () =>
			input.setCustomValidity(
				trade_date.to_iso(input.value, format) === null
					? __("Enter the date as {0}", [format])
					: ""
			);
		input.addEventListener("input", check);
		input.addEventListener("change", check);

		const group = document.createElement("div");
		group.className = "trade-date-field";
		input.replaceWith(group);
		const button = document.createElement("button");
		button.type = "button";
		button.className = "btn btn-default btn-sm trade-date-pick";
		button.title = __("Pick a date");
		button.setAttribute("aria-label", __("Pick a date"));
		button.innerHTML = '<svg class="icon icon-sm"><use href="#icon-calendar"></use></svg>';
		// the browser's calendar, kept out of sight: it only picks, the text field shows
		const picker = document.createElement("input");
		picker.type = "date";
		picker.tabIndex = -1;
		picker.setAttribute("aria-hidden", "true");
		picker.className = "trade-date-picker";
		group.append(input, button, picker);
		button.addEventListener("click", () => {
			picker.value = trade_date.to_iso(input.value, format) || "";
			if (picker.showPicker) picker.showPicker();
			else picker.click();
		});
		picker.addEventListener("change", () => {
			input.value = trade_date.to_user(picker.value, format);
			check();
			input.dispatchEvent(new Event("change", { bubbles: true }));
		});
	},
};
window.trade_date = trade_date;
