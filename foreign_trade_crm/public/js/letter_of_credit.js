// Letters of credit: what the list and the form of Letter of Credit share.
frappe.provide("foreign_trade_crm.credit");

// Paste the bank's MT700 (with its MT701s): a draft credit filled from it, or every field it cannot read
// named in one message
foreign_trade_crm.credit.from_swift = function (defaults = {}) {
	const dialog = new frappe.ui.Dialog({
		title: __("Letter of Credit from the Bank's Message"),
		size: "large",
		fields: [
			{
				fieldname: "customer",
				fieldtype: "Link",
				options: "Customer",
				label: __("Applicant (Customer)"),
				default: defaults.customer,
				description: __("Left empty: the customer named as the applicant (50)"),
			},
			{ fieldtype: "Column Break" },
			{
				fieldname: "company",
				fieldtype: "Link",
				options: "Company",
				label: __("Beneficiary (Company)"),
				default: defaults.company || frappe.defaults.get_user_default("Company"),
				reqd: 1,
			},
			{ fieldtype: "Section Break" },
			{
				fieldname: "message",
				fieldtype: "Code",
				label: __("SWIFT Message (MT700 / MT701)"),
				reqd: 1,
				description: __(
					"Paste the MT700 and its MT701 continuations as the bank sent them"
				),
			},
		],
		primary_action_label: __("Read the Message"),
		primary_action(values) {
			frappe
				.call({
					method: "foreign_trade_crm.services.letter_of_credit.credit_from_swift",
					args: values,
					freeze: true,
				})
				.then(({ message }) => {
					dialog.hide();
					frappe.set_route("Form", "Letter of Credit", message);
				});
		},
	});
	dialog.show();
};
