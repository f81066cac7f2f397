// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

// frappe.ui.form.on("Claim Reason", {
// 	refresh(frm) {

// 	},
// });
